using System.Net;
using Microsoft.Extensions.DependencyInjection;
using IncidentCenter.Accounts;

namespace IncidentCenter.Tests.Web;

public class SignInTests(AppWithAdmin app) : IClassFixture<AppWithAdmin>
{
    private const string AuthCookie = "IncidentCenter.Auth";

    internal static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password, string url = "/account/login")
    {
        var page = await browser.GetPageAsync(url);
        return await browser.PostAsync(url, Browser.FormFrom(page, "login", ("Input.Email", email), ("Input.Password", password)));
    }

    [Fact]
    public async Task Pages_need_a_signed_in_user()
    {
        var response = await app.CreateBrowser().GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.LocationPath());
    }

    [Fact]
    public async Task The_login_page_is_a_form_with_an_antiforgery_token()
    {
        var page = await app.CreateBrowser().GetPageAsync("/account/login");

        Assert.NotNull(page.QuerySelector("input[name='Input.Email']"));
        Assert.NotNull(page.QuerySelector("input[name='Input.Password'][type=password]"));
        Assert.False(string.IsNullOrEmpty(Browser.AntiforgeryToken(page)));
        Assert.NotNull(page.QuerySelector("input[name=_handler][value=login]"));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var browser = app.CreateBrowser();
        await browser.GetPageAsync("/account/login"); // has the antiforgery cookie, but sends no token

        var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = AppFactory.AdminEmail,
            ["Input.Password"] = AppFactory.AdminPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.SetsCookie(AuthCookie));
    }

    [Fact]
    public async Task A_token_from_another_browser_is_refused()
    {
        var page = await app.CreateBrowser().GetPageAsync("/account/login");
        var otherBrowser = app.CreateBrowser();
        await otherBrowser.GetPageAsync("/account/login");

        var response = await otherBrowser.PostAsync("/account/login",
            Browser.FormFrom(page, "login", ("Input.Email", AppFactory.AdminEmail), ("Input.Password", AppFactory.AdminPassword)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.SetsCookie(AuthCookie));
    }

    [Fact]
    public async Task The_right_password_signs_in_and_opens_the_dashboard()
    {
        var browser = app.CreateBrowser();

        var response = await SignInAsync(browser, AppFactory.AdminEmail, AppFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.LocationPath());
        Assert.True(response.SetsCookie(AuthCookie));
        var dashboard = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Theory]
    [InlineData("/incidents/declare", "/incidents/declare")]
    [InlineData("//evil.example/phish", "/")]
    [InlineData("https://evil.example/phish", "/")]
    [InlineData("/\\evil.example", "/")]
    public async Task Sign_in_returns_only_to_local_addresses(string returnUrl, string expected)
    {
        var response = await SignInAsync(app.CreateBrowser(), AppFactory.AdminEmail, AppFactory.AdminPassword,
            "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.LocationPath());
    }

    [Fact]
    public async Task A_wrong_password_says_so_and_signs_nobody_in()
    {
        await app.CreateUserAsync("wrong.password@example.test", "the-right-one-1", AppRoles.Responder);
        var browser = app.CreateBrowser();

        var response = await SignInAsync(browser, "wrong.password@example.test", "not-the-right-one-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.SetsCookie(AuthCookie));
        var page = await Browser.ParseAsync(response);
        Assert.Equal(WrongPassword, page.QuerySelector("[role=alert]")?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer()
    {
        var response = await SignInAsync(app.CreateBrowser(), "nobody@example.test", "whatever-it-is-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WrongPassword, (await Browser.ParseAsync(response)).QuerySelector("[role=alert]")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in()
    {
        var id = await app.CreateUserAsync("disabled@example.test", "the-right-one-1", AppRoles.Responder);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
            var user = await users.FindByIdAsync(id);
            await users.SetLockoutEndDateAsync(user!, DateTimeOffset.MaxValue);
        }

        var response = await SignInAsync(app.CreateBrowser(), "disabled@example.test", "the-right-one-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.SetsCookie(AuthCookie));
        Assert.Equal(WrongPassword, (await Browser.ParseAsync(response)).QuerySelector("[role=alert]")?.TextContent.Trim());
    }

    private const string WrongPassword = "Wrong email or password. After several wrong attempts, sign-in pauses for a few minutes.";

    /// <summary>A locked account answers like a wrong password: the page does not confirm that the account exists.</summary>
    [Fact]
    public async Task A_locked_out_account_reads_exactly_like_a_wrong_password()
    {
        await app.CreateUserAsync("locked.out@example.test", "the-right-one-1", AppRoles.Responder);
        var answers = new List<string?>();
        for (var i = 0; i < 6; i++)
        {
            var wrong = await SignInAsync(app.CreateBrowser(), "locked.out@example.test", "a-wrong-guess-" + i);
            answers.Add((await Browser.ParseAsync(wrong)).QuerySelector("[role=alert]")?.TextContent.Trim());
        }

        // Locked now: even the right password is refused, in the same words.
        var right = await SignInAsync(app.CreateBrowser(), "locked.out@example.test", "the-right-one-1");
        answers.Add((await Browser.ParseAsync(right)).QuerySelector("[role=alert]")?.TextContent.Trim());
        var unknown = await SignInAsync(app.CreateBrowser(), "nobody.at.all@example.test", "a-wrong-guess-0");
        answers.Add((await Browser.ParseAsync(unknown)).QuerySelector("[role=alert]")?.TextContent.Trim());

        Assert.False(right.SetsCookie(AuthCookie));
        Assert.All(answers, a => Assert.Equal(WrongPassword, a));
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync("locked.out@example.test"))!));
    }

    /// <summary>The lockout anyone can cause does not cut off a person already signed in.</summary>
    [Fact]
    public async Task A_lockout_does_not_sign_out_a_browser_that_is_already_signed_in()
    {
        await app.CreateUserAsync("commander@example.test", "the-right-one-1", AppRoles.Responder);
        var commander = app.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(commander, "commander@example.test", "the-right-one-1")).StatusCode);

        for (var i = 0; i < 6; i++)
        {
            await SignInAsync(app.CreateBrowser(), "commander@example.test", "attacker-guess-" + i);
        }

        Assert.Equal(HttpStatusCode.OK, (await commander.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await commander.GetAsync("/incidents/declare")).StatusCode);
    }
}
