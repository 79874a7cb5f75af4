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
}
