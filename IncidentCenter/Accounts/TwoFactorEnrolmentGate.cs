using IncidentCenter.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Accounts;

/// <summary>
/// When Admins require two-factor sign-in, an Admin or Responder without it is sent to
/// enrolment by every page that needs a signed-in user (sign-in always ends with such a page
/// load). Pages under /account (enrolment, sign-out) and anonymous pages stay reachable.
/// </summary>
public sealed class TwoFactorEnrolmentGate(RequestDelegate next)
{
    public const string EnrolmentPath = "/account";

    public async Task InvokeAsync(HttpContext http, IDbContextFactory<AppDbContext> dbs)
    {
        if (Actor.UserIdOf(http.User) is { } userId
            && !http.Request.Path.StartsWithSegments(EnrolmentPath, StringComparison.OrdinalIgnoreCase)
            && http.GetEndpoint()?.Metadata is { } metadata
            && metadata.GetMetadata<IAuthorizeData>() is not null
            && metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            await using var db = await dbs.CreateDbContextAsync(http.RequestAborted);
            if (await TwoFactorService.MustEnrolAsync(db, userId, http.RequestAborted))
            {
                if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                {
                    var returnUrl = http.Request.Path + http.Request.QueryString;
                    http.Response.Redirect($"{EnrolmentPath}?required=true&returnUrl={Uri.EscapeDataString(returnUrl)}");
                }
                else
                {
                    http.Response.StatusCode = StatusCodes.Status403Forbidden;
                }
                return;
            }
        }
        await next(http);
    }
}
