using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace IncidentCenter.Accounts;

public static class SignOutEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, IAntiforgery antiforgery, SignInManager<ApplicationUser> signIn)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest("The sign-out form expired; reload the page and try again.");
        }
        await signIn.SignOutAsync();
        return Results.LocalRedirect("/account/login");
    }

    /// <summary>
    /// A new security stamp: every other browser's cookie and open pages are refused at their
    /// next check (within AccountSessionOptions.SessionRevalidationInterval); this browser signs out now.
    /// </summary>
    public static async Task<IResult> EverywhereAsync(HttpContext http, IAntiforgery antiforgery, SignInManager<ApplicationUser> signIn)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest("The sign-out form expired; reload the page and try again.");
        }
        if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
        {
            var result = await signIn.UserManager.UpdateSecurityStampAsync(user);
            if (!result.Succeeded)
            {
                return Results.Problem("Could not sign out the other devices; try again.");
            }
        }
        await signIn.SignOutAsync();
        return Results.LocalRedirect("/account/login");
    }
}
