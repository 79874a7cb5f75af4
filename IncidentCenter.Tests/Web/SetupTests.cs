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
            ["Input.SetupCode"] = "ABCD-EFGH-JKLM-NPQR",
        }));
    }

    /// <summary>The one-time setup code, as an operator finds it in the app's log.</summary>
    public static string CodeFromLog(AppFactory app)
    {
        var codes = app.Log.Lines
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"setup code: (?<code>[A-Z2-9]{4}(-[A-Z2-9]{4}){3})\b"))
            .Where(m => m.Success)
            .Select(m => m.Groups["code"].Value)
            .Distinct()
            .ToList();
        return Assert.Single(codes);
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
        var code = Setup.CodeFromLog(app);
        Assert.DoesNotContain(code, setup.Source.Text);

        // Too short a password: shown, nothing created.
        var tooShort = await browser.PostAsync("/setup", Browser.FormFrom(setup, "setup",
            ("Input.SetupCode", code), ("Input.DisplayName", "Ada"), ("Input.Email", "ada@example.test"), ("Input.Password", "short")));
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        Assert.Contains("at least 10 characters", await tooShort.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.CountUsersAsync());

        // Exactly what a browser sends: the page's own fields, filled in (the code as typed, lower case).
        var created = await browser.PostAsync("/setup", Browser.FormFrom(setup, "setup",
            ("Input.SetupCode", code.ToLowerInvariant()), ("Input.DisplayName", "Ada"), ("Input.Email", "ada@example.test"), ("Input.Password", "ada-password-42")));
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

    /// <summary>Whoever reaches a fresh install first cannot make themselves Admin without the code from the log.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("AAAA-BBBB-CCCC-DDDD")]
    [InlineData("the code from the log, almost")]
    public async Task Setup_without_the_code_from_the_log_is_refused_and_creates_nobody(string typedCode)
    {
        await using var app = new AppFactory(bootstrapAdmin: false, signInAttemptsPerMinute: 1000);
        var browser = app.CreateBrowser();
        var setup = await browser.GetPageAsync("/setup");
        var code = Setup.CodeFromLog(app);
        if (typedCode.StartsWith("the code", StringComparison.Ordinal))
        {
            typedCode = code[..^1] + (code[^1] == 'A' ? 'B' : 'A');
        }

        var response = await browser.PostAsync("/setup", Browser.FormFrom(setup, "setup",
            ("Input.SetupCode", typedCode), ("Input.DisplayName", "Mallory"), ("Input.Email", "mallory@example.test"), ("Input.Password", "mallory-password-1")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.SetsCookie("IncidentCenter.Auth"));
        Assert.Equal(0, await app.CountUsersAsync());
        var page = await Browser.ParseAsync(response);
        Assert.Contains(page.QuerySelectorAll(".form-error, .validation-message"), e => e.TextContent.Contains("setup code", StringComparison.OrdinalIgnoreCase));
        // The right code still works afterwards.
        var created = await browser.PostAsync("/setup", Browser.FormFrom(await browser.GetPageAsync("/setup"), "setup",
            ("Input.SetupCode", code), ("Input.DisplayName", "Ada"), ("Input.Email", "ada@example.test"), ("Input.Password", "ada-password-42")));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(1, await app.CountUsersAsync());
    }

    [Fact]
    public async Task With_a_bootstrap_admin_no_setup_code_is_made()
    {
        await using var app = new AppWithAdmin();
        await app.CreateBrowser().GetAsync("/setup");

        Assert.DoesNotContain(app.Log.Lines, line => line.Contains("setup code", StringComparison.Ordinal));
    }
}
