using System.Net;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Web;

internal static class Setup
{
    /// <summary>Posts the setup form with a valid antiforgery token taken from the sign-in page: only the setup rule can refuse.</summary>
    public static async Task<HttpResponseMessage> ForcePostAsync(HttpClient browser, string name, string email, string password)
    {
        var token = Browser.AntiforgeryToken(await browser.GetPageAsync("/account/login"))!;
        return await browser.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "setup",
            ["__RequestVerificationToken"] = token,
            ["Input.DisplayName"] = name,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.Role"] = AppRoles.Admin,
        }));
    }
}

public class SetupTests(AppWithAdmin app) : IClassFixture<AppWithAdmin>
{
    [Fact]
    public async Task Once_an_admin_exists_setup_is_done()
    {
        var page = await app.CreateBrowser().GetPageAsync("/setup");

        Assert.Equal("Setup is done", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Empty(page.Forms);
    }

    [Fact]
    public async Task Once_an_admin_exists_posting_the_setup_form_is_refused_and_creates_nobody()
    {
        var users = await app.CountUsersAsync();

        var response = await Setup.ForcePostAsync(app.CreateBrowser(), "Mallory", "mallory@example.test", "mallory-password-1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.SetsCookie("IncidentCenter.Auth"));
        Assert.Equal(users, await app.CountUsersAsync());
    }
}

/// <summary>A fresh install with no admin: sign-in sends people to /setup until the first admin exists.</summary>
public class FirstRunTests
{
    [Fact]
    public async Task First_run_setup_creates_one_admin_then_closes()
    {
        await using var app = new AppFactory(bootstrapAdmin: false, signInAttemptsPerMinute: 1000);
        var browser = app.CreateBrowser();

        var login = await browser.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/setup", login.LocationPath());

        var setup = await browser.GetPageAsync("/setup");
        Assert.Equal("Create the first Admin", setup.QuerySelector("h1")?.TextContent.Trim());

        // Too short a password: shown, nothing created.
        var tooShort = await browser.PostAsync("/setup", Browser.FormFrom(setup, "setup",
            ("Input.DisplayName", "Ada"), ("Input.Email", "ada@example.test"), ("Input.Password", "short")));
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        Assert.Contains("at least 10 characters", await tooShort.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.CountUsersAsync());

        // Exactly what a browser sends: the page's own fields, filled in.
        var created = await browser.PostAsync("/setup", Browser.FormFrom(setup, "setup",
            ("Input.DisplayName", "Ada"), ("Input.Email", "ada@example.test"), ("Input.Password", "ada-password-42")));
        Assert.True(created.StatusCode == HttpStatusCode.Redirect,
            $"The setup form did not create the admin: {created.StatusCode}, {await app.CountUsersAsync()} users.");
        Assert.Equal("/admin/users", created.LocationPath());
        Assert.True(created.SetsCookie("IncidentCenter.Auth"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/users")).StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var admins = await db.UserRoles.Join(db.Roles.Where(r => r.Name == AppRoles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId).ToListAsync();
            var ada = await db.Users.SingleAsync(u => u.Email == "ada@example.test");
            Assert.Equal([ada.Id], admins);
            Assert.Equal("Ada", ada.DisplayName);
        }

        // Closed from now on, for everyone.
        var other = app.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/account/login")).StatusCode);
        Assert.Equal("Setup is done", (await other.GetPageAsync("/setup")).QuerySelector("h1")?.TextContent.Trim());
        var again = await Setup.ForcePostAsync(other, "Eve", "eve@example.test", "eve-password-42");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.False(again.SetsCookie("IncidentCenter.Auth"));
        Assert.Equal(1, await app.CountUsersAsync());
    }
}
