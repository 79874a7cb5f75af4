using System.Net;

namespace IncidentCenter.Tests.Web;

public class RateLimitTests
{
    [Fact]
    public async Task More_sign_in_posts_than_the_limit_answer_429()
    {
        await using var app = new AppFactory(bootstrapAdmin: true, signInAttemptsPerMinute: 3);
        var browser = app.CreateBrowser();
        var page = await browser.GetPageAsync("/account/login");
        FormUrlEncodedContent WrongPassword() => Browser.FormFrom(page, "login", ("Input.Email", AppFactory.AdminEmail), ("Input.Password", "guess-number-1"));

        for (var i = 0; i < 3; i++)
        {
            var allowed = await browser.PostAsync("/account/login", WrongPassword());
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Contains("Wrong email or password.", await allowed.Content.ReadAsStringAsync());
        }

        var limited = await browser.PostAsync("/account/login", WrongPassword());
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many sign-in attempts", await limited.Content.ReadAsStringAsync());

        // Even the right password waits: the limit is on attempts, not on failures.
        var right = await browser.PostAsync("/account/login",
            Browser.FormFrom(page, "login", ("Input.Email", AppFactory.AdminEmail), ("Input.Password", AppFactory.AdminPassword)));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        // The setup form shares the limit.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.PostAsync("/setup", new FormUrlEncodedContent([]))).StatusCode);

        // Reading pages is not limited.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Other_posts_are_not_limited()
    {
        await using var app = new AppFactory(bootstrapAdmin: true, signInAttemptsPerMinute: 1);
        var browser = app.CreateBrowser();

        for (var i = 0; i < 3; i++)
        {
            // No antiforgery token: refused by the endpoint (400), never by the limiter (429).
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]))).StatusCode);
        }
    }
}
