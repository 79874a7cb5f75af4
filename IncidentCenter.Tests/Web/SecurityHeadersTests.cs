using System.Net;
using IncidentCenter.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Web;

public class SecurityHeadersTests(AppWithAdmin app) : IClassFixture<AppWithAdmin>
{
    private static void AssertHeaders(HttpResponseMessage response, string what)
    {
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Assert.True(headers.TryGetValue("X-Content-Type-Options", out var nosniff) && nosniff == "nosniff", $"{what}: no nosniff");
        Assert.True(headers.TryGetValue("Referrer-Policy", out var referrer) && referrer == "strict-origin-when-cross-origin", $"{what}: no Referrer-Policy");
        Assert.True(headers.TryGetValue("X-Frame-Options", out var frame) && frame == "DENY", $"{what}: no X-Frame-Options");
        Assert.True(headers.TryGetValue("Content-Security-Policy", out var csp), $"{what}: no Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp);
    }

    [Theory]
    [InlineData("/account/login", HttpStatusCode.OK)]
    [InlineData("/", HttpStatusCode.Redirect)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)]
    [InlineData("/error", HttpStatusCode.OK)]
    [InlineData("/app.css", HttpStatusCode.OK)]
    [InlineData("/_framework/blazor.web.js", HttpStatusCode.OK)]
    [InlineData("/health/ready", HttpStatusCode.OK)]
    [InlineData("/api/metrics.csv", HttpStatusCode.Unauthorized)]
    [InlineData("/admin/audit.csv", HttpStatusCode.Unauthorized)]
    [InlineData("/status", HttpStatusCode.OK)]
    [InlineData("/api/v2/summary.json", HttpStatusCode.OK)]
    public async Task Every_response_carries_the_security_headers(string url, HttpStatusCode status)
    {
        var response = await app.CreateBrowser().GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        AssertHeaders(response, url);
    }

    [Fact]
    public async Task Downloads_for_a_signed_in_Admin_carry_them_too()
    {
        var browser = app.CreateBrowser();
        var page = await browser.GetPageAsync("/account/login");
        await browser.PostAsync("/account/login", Browser.FormFrom(page, "login", ("Input.Email", AppFactory.AdminEmail), ("Input.Password", AppFactory.AdminPassword)));

        var csv = await browser.GetAsync("/admin/audit.csv");
        var metrics = await browser.GetAsync("/api/metrics.csv");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("signin.succeeded", await csv.Content.ReadAsStringAsync());
        AssertHeaders(csv, "audit.csv");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        AssertHeaders(metrics, "metrics.csv");
    }

    [Fact]
    public async Task The_app_policy_allows_only_the_import_map_inline_with_a_fresh_nonce_per_response()
    {
        var first = await app.CreateBrowser().GetAsync("/account/login");
        var second = await app.CreateBrowser().GetAsync("/account/login");

        string Nonce(HttpResponseMessage r)
        {
            var csp = string.Join(",", r.Headers.GetValues("Content-Security-Policy"));
            var start = csp.IndexOf("'nonce-", StringComparison.Ordinal) + "'nonce-".Length;
            return csp[start..csp.IndexOf('\'', start)];
        }
        var html = await Browser.ParseAsync(first);
        var inline = html.QuerySelectorAll("script:not([src])").ToList();
        Assert.NotEmpty(inline);
        Assert.All(inline, s => Assert.Equal(Nonce(first), s.GetAttribute("nonce")));
        Assert.NotEqual(Nonce(first), Nonce(second));
        Assert.Equal(24, Nonce(first).Length);
    }

    [Fact]
    public async Task The_public_status_page_keeps_its_stricter_policy()
    {
        var response = await app.CreateBrowser().GetAsync("/status");

        var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.PublicPagePolicy, csp);
        Assert.Contains("style-src 'self';", csp);
    }

    [Fact]
    public async Task An_unhandled_error_answers_500_with_the_headers()
    {
        using var production = app.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter, ThrowingEndpoint>());
        });

        var response = await production.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/test/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("boom from a test", await response.Content.ReadAsStringAsync());
        AssertHeaders(response, "500");
    }

    /// <summary>A request no endpoint answers that throws, after the app's whole pipeline (so the exception handler catches it).</summary>
    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            next(builder);
            builder.Use((HttpContext http, RequestDelegate _) =>
                http.Request.Path == "/test/throw" ? throw new InvalidOperationException("boom from a test") : Task.CompletedTask);
        };
    }
}

public class TransportSecurityTests
{
    private sealed class App(string publicUrl) : AppFactory(bootstrapAdmin: true, signInAttemptsPerMinute: 1000)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("App:PublicUrl", publicUrl);
        }
    }

    private static IEnumerable<string> CookiesOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];

    [Theory]
    [InlineData("https://incidents.example.test", true)]
    [InlineData("http://incidents.example.test", false)]
    [InlineData("", false)]
    public async Task An_https_public_url_makes_the_sign_in_cookie_Secure_and_sends_HSTS(string publicUrl, bool https)
    {
        await using var app = new App(publicUrl);
        // Plain http to the app, as from a proxy that does not say the client used https: Secure all the same.
        var browser = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        var login = await browser.GetAsync("/account/login");
        var page = await Browser.ParseAsync(login);
        var signedIn = await browser.PostAsync("/account/login",
            Browser.FormFrom(page, "login", ("Input.Email", AppFactory.AdminEmail), ("Input.Password", AppFactory.AdminPassword)));

        // The form still renders on plain http (the antiforgery cookie follows the request's scheme).
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var auth = Assert.Single(CookiesOf(signedIn), c => c.StartsWith("IncidentCenter.Auth=", StringComparison.Ordinal));
        Assert.Equal(https, auth.Contains("; secure", StringComparison.OrdinalIgnoreCase));

        // HSTS only means something on an https response; the antiforgery cookie is Secure on one.
        var httpsClient = app.CreateClient(new() { BaseAddress = new Uri("https://incidents.example.test") });
        var antiforgery = Assert.Single(CookiesOf(await httpsClient.GetAsync("/account/login")), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var overHttps = await httpsClient.GetAsync("/health/live");
        Assert.Equal(https, overHttps.Headers.Contains("Strict-Transport-Security"));
        if (https)
        {
            Assert.Equal("max-age=31536000", string.Join(",", overHttps.Headers.GetValues("Strict-Transport-Security")));
        }
        Assert.False(login.Headers.Contains("Strict-Transport-Security"));
    }
}
