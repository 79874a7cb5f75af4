using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace IncidentCenter.Accounts;

public sealed class AccountSessionOptions
{
    public const string Section = "Accounts";

    /// <summary>
    /// How often sign-in cookies (on each request) and open pages (circuits) check the account's
    /// security stamp. A sign-out everywhere, a password reset, a disable or "End sessions" takes
    /// effect within this time.
    /// </summary>
    public TimeSpan SessionRevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Open pages follow the account: every interval, a circuit's user is checked against the
/// security stamp in the database (as in the Blazor Identity template); when it no longer
/// matches, the page becomes signed out.
/// </summary>
public sealed class SessionRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> identity,
    IOptions<AccountSessionOptions> sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SessionRevalidatingAuthenticationStateProvider>();

    protected override TimeSpan RevalidationInterval => sessions.Value.SessionRevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        try
        {
            return await IsCurrentAsync(authenticationState.User);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A database hiccup must not sign a commander out mid-incident; every action is still
            // authorized against the database (ActorResolver), and the next check comes soon.
            _logger.LogWarning(ex, "Could not revalidate a session; keeping it until the next check.");
            return true;
        }
    }

    /// <summary>Whether the principal's security stamp is still the account's.</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp is not null && stamp == await users.GetSecurityStampAsync(user);
    }
}
