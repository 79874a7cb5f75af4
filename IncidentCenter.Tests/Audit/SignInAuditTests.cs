using System.Net;
using IncidentCenter.Accounts;
using IncidentCenter.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Audit;

public class SignInAuditTests
{
    [Fact]
    public async Task Sign_ins_failures_and_the_lockout_are_logged_without_the_password()
    {
        await using var app = new AppFactory(bootstrapAdmin: true, signInAttemptsPerMinute: 1000);
        var id = await app.CreateUserAsync("lena@example.test", "the-right-one-1", AppRoles.Responder);
        var browser = app.CreateBrowser();
        async Task<HttpStatusCode> SignInAsync(string email, string password)
        {
            var page = await browser.GetPageAsync("/account/login");
            return (await browser.PostAsync("/account/login", Browser.FormFrom(page, "login", ("Input.Email", email), ("Input.Password", password)))).StatusCode;
        }

        await SignInAsync("nobody@example.test", "guess-password-0");
        for (var i = 1; i <= 5; i++)
        {
            await SignInAsync("lena@example.test", $"guess-password-{i}");
        }
        await SignInAsync("lena@example.test", "the-right-one-1");
        var admin = app.CreateBrowser();
        var adminPage = await admin.GetPageAsync("/account/login");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync("/account/login",
            Browser.FormFrom(adminPage, "login", ("Input.Email", AppFactory.AdminEmail), ("Input.Password", AppFactory.AdminPassword)))).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IncidentCenter.Data.AppDbContext>();
        var log = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            ["signin.failed", "signin.failed", "signin.failed", "signin.failed", "signin.failed", "signin.locked_out", "signin.locked_out", "signin.succeeded"],
            log.Select(e => e.Action));
        Assert.Null(log[0].ActorId);
        Assert.Equal("nobody@example.test: refused: no such account", log[0].Summary);
        Assert.Equal(id, log[1].ActorId);
        Assert.Equal("lena@example.test: refused: wrong password", log[1].Summary);
        // The fifth wrong password is the one that locks the account; the right one is refused while locked.
        Assert.Equal("lena@example.test: refused: account locked", log[5].Summary);
        Assert.Equal("Ada Admin", log[7].ActorName);
        Assert.All(log, e => Assert.DoesNotContain("password-", e.Summary));
        Assert.All(log, e => Assert.DoesNotContain("the-right-one", e.Summary));
    }
}
