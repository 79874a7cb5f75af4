using Microsoft.AspNetCore.Identity;

namespace IncidentCenter.Accounts;

public class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>
    /// Set by an Admin. Unlike Identity's lockout after failed sign-ins (which only blocks new
    /// sign-ins), a disabled account is refused on every call, including on pages already open.
    /// </summary>
    public bool IsDisabled { get; set; }
}
