using System.Net;
using AngleSharp.Html.Dom;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Web;

/// <summary>Two-factor sign-in over HTTP, as a browser does it, with codes computed as an authenticator app would.</summary>
public class TwoFactorTests
{
    private const string AuthCookie = "IncidentCenter.Auth";

    private static async Task<HttpResponseMessage> PasswordThenAsync(AppFactory app, HttpClient browser, string email, string password, string form, string field, string code)
    {
        var first = await SignInTests.SignInAsync(browser, email, password);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/account/login/two-factor", first.LocationPath());
        Assert.False(first.SetsCookie(AuthCookie));
        var page = await browser.GetPageAsync(first.LocationPath()!);
        return await browser.PostAsync(first.LocationPath(), Browser.FormFrom(page, form, (field, code)));
    }

    [Fact]
    public async Task Enrol_then_sign_in_with_a_code_and_a_recovery_code_works_once()
    {
        await using var app = new AppWithAdmin();
        await app.CreateUserAsync("rita@example.test", "rita-password-42", AppRoles.Responder);
        var browser = app.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInTests.SignInAsync(browser, "rita@example.test", "rita-password-42")).StatusCode);

        var account = await browser.GetPageAsync("/account");
        Assert.NotNull(account.QuerySelector("[aria-label='QR code for your authenticator app'] svg"));
        var key = account.QuerySelector("code[aria-label='Authenticator key']")!.TextContent.Replace(" ", "", StringComparison.Ordinal);

        // A wrong code turns nothing on.
        var wrong = await browser.PostAsync("/account", Browser.FormFrom(account, "enrol", ("Enrol.Code", "000000" == Totp.Code(key, DateTimeOffset.UtcNow) ? "111111" : "000000")));
        Assert.Contains("That code is not right", await wrong.Content.ReadAsStringAsync());

        var enrolled = await browser.PostAsync("/account", Browser.FormFrom(account, "enrol", ("Enrol.Code", Totp.Code(key, DateTimeOffset.UtcNow))));
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        var codes = (await Browser.ParseAsync(enrolled)).QuerySelectorAll("[aria-label='Recovery codes'] code").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(TwoFactorService.RecoveryCodeCount, codes.Count);
        // Shown once: the page does not show them again.
        Assert.Empty((await browser.GetPageAsync("/account")).QuerySelectorAll("[aria-label='Recovery codes']"));
        // This browser stays signed in after the security stamp changed.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        // The password alone no longer signs in; with the code from the app it does.
        var withCode = await PasswordThenAsync(app, app.CreateBrowser(), "rita@example.test", "rita-password-42", "two-factor", "Code.Value", Totp.Code(key, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Redirect, withCode.StatusCode);
        Assert.Equal("/", withCode.LocationPath());
        Assert.True(withCode.SetsCookie(AuthCookie));

        var wrongCode = await PasswordThenAsync(app, app.CreateBrowser(), "rita@example.test", "rita-password-42", "two-factor", "Code.Value", "12345");
        Assert.False(wrongCode.SetsCookie(AuthCookie));
        Assert.Contains("That code is not right", await wrongCode.Content.ReadAsStringAsync());

        // A recovery code works once.
        var recovered = await PasswordThenAsync(app, app.CreateBrowser(), "rita@example.test", "rita-password-42", "recovery-code", "Recovery.Value", codes[0]);
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.True(recovered.SetsCookie(AuthCookie));
        var again = await PasswordThenAsync(app, app.CreateBrowser(), "rita@example.test", "rita-password-42", "recovery-code", "Recovery.Value", codes[0]);
        Assert.False(again.SetsCookie(AuthCookie));
        Assert.Contains("That code is not right", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_two_factor_step_needs_the_password_first()
    {
        await using var app = new AppWithAdmin();

        var response = await app.CreateBrowser().GetAsync("/account/login/two-factor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.LocationPath());
    }

    [Fact]
    public async Task When_required_a_responder_without_two_factor_is_sent_to_enrolment()
    {
        await using var app = new AppWithAdmin();
        await app.CreateUserAsync("rob@example.test", "rob-password-42", AppRoles.Responder);
        await app.CreateUserAsync("val@example.test", "val-password-42", AppRoles.Viewer);
        var responder = app.CreateBrowser();
        var viewer = app.CreateBrowser();
        await SignInTests.SignInAsync(responder, "rob@example.test", "rob-password-42");
        await SignInTests.SignInAsync(viewer, "val@example.test", "val-password-42");
        Assert.Equal(HttpStatusCode.OK, (await responder.GetAsync("/incidents/declare")).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.AccountSettings.Add(new AccountSettings { RequireTwoFactor = true, UpdatedAt = DateTime.UtcNow, UpdatedByName = "Ada Admin" });
            await db.SaveChangesAsync();
        }

        var sent = await responder.GetAsync("/incidents/declare");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/account?required=true&returnUrl=%2Fincidents%2Fdeclare", sent.LocationPath());
        var enrolment = await responder.GetPageAsync("/account");
        Assert.Contains("Admins require two-factor sign-in for your role", enrolment.Body!.TextContent);
        // Viewers are not asked; anonymous pages stay open.
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await responder.GetAsync("/status")).StatusCode);

        // Enrolled, the responder goes on.
        var key = enrolment.QuerySelector("code[aria-label='Authenticator key']")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        var enrolled = await responder.PostAsync("/account?required=true", Browser.FormFrom(enrolment, "enrol", ("Enrol.Code", Totp.Code(key, DateTimeOffset.UtcNow))));
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await responder.GetAsync("/incidents/declare")).StatusCode);
    }
}
