using System.Security.Claims;

namespace IncidentCenter.Accounts;

/// <summary>The signed-in person as the database knows them now, not as their cookie remembers.</summary>
public sealed record Actor(string UserId, string DisplayName, string Role)
{
    public bool IsAdmin => Role == AppRoles.Admin;
    public bool CanRespond => Role is AppRoles.Admin or AppRoles.Responder;

    public static string? UserIdOf(ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}
