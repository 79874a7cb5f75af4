using System.Net;

namespace IncidentCenter.Tests.Web;

/// <summary>Anonymous visitors get static pages and no Blazor circuit (issue 11, item 10).</summary>
public class AnonymousCircuitTests(AppWithAdmin app) : IClassFixture<AppWithAdmin>
{
    // What App.razor writes where an interactive server component will start a circuit.
    private const string CircuitMarker = "\"type\":\"server\"";

    private static Task<HttpResponseMessage> NegotiateAsync(HttpClient client) =>
        client.PostAsync("/_blazor/negotiate?negotiateVersion=1", content: null);

    [Fact]
    public async Task An_anonymous_negotiate_for_a_circuit_is_refused()
    {
        var response = await NegotiateAsync(app.CreateBrowser());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("connectionToken", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_anonymous_connection_to_the_hub_is_refused()
    {
        var response = await app.CreateBrowser().GetAsync("/_blazor?id=made-up");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Pages_load_the_framework_script_of_dotnet_10_fingerprinted()
    {
        var client = app.CreateBrowser();
        var html = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();

        var src = System.Text.RegularExpressions.Regex.Match(html, "src=\"(_framework/blazor\\.web\\.[a-z0-9]+\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(src);
        var response = await client.GetAsync("/" + src);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Circuit resume arrived with .NET 10; the 9.0 script has no such function.
        Assert.Contains("resumeCircuit", await response.Content.ReadAsStringAsync());
        Assert.Contains("<script type=\"importmap\"", html);
    }

    [Fact]
    public async Task A_signed_in_person_negotiates_a_circuit()
    {
        var browser = await SignedInBrowserAsync();

        var response = await NegotiateAsync(browser);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("connectionToken", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_not_found_page_is_static_for_anonymous_visitors()
    {
        var response = await app.CreateBrowser().GetAsync("/no-such-page/anywhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("There is nothing at this address", html);
        Assert.DoesNotContain(CircuitMarker, html);
    }

    [Fact]
    public async Task The_sign_in_page_is_static()
    {
        var response = await app.CreateBrowser().GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(CircuitMarker, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signed_in_pages_still_start_a_circuit()
    {
        var browser = await SignedInBrowserAsync();

        var html = await (await browser.GetAsync("/")).Content.ReadAsStringAsync();

        Assert.Contains(CircuitMarker, html);
    }

    private async Task<HttpClient> SignedInBrowserAsync()
    {
        var browser = app.CreateBrowser();
        var page = await browser.GetPageAsync("/account/login");
        var response = await browser.PostAsync("/account/login",
            Browser.FormFrom(page, "login", ("Input.Email", AppFactory.AdminEmail), ("Input.Password", AppFactory.AdminPassword)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }
}
