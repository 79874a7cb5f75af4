using Microsoft.AspNetCore.Identity;

namespace IncidentCenter.Accounts;

public class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
}
