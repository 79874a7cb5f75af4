using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using IncidentCenter.Accounts;
using IncidentCenter.Intake;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentCenter.Tests.Hostile;

/// <summary>
/// The whole app in memory (as <see cref="AppWithAdmin"/>) with the alert intake limits out of the
/// way, plus what the hostile-input tests need: the Admin as a caller, an API token, alert posts,
/// and the signed-in pages rendered with the app's own services.
/// </summary>
public sealed class HostileApp() : AppFactory(bootstrapAdmin: true, signInAttemptsPerMinute: 1000)
{
    private ClaimsPrincipal? _admin;
    private string? _token;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Many cases post alerts in a minute; the per-token rate limit and storm grouping have their own tests.
        builder.UseSetting("Intake:RequestsPerMinutePerToken", "1000000");
        builder.UseSetting("Intake:MaxOpenIncidentsPerToken", "1000000");
    }

    /// <summary>The bootstrap Admin, with its role claim as a signed-in circuit has it (pages read roles from the principal).</summary>
    public async Task<ClaimsPrincipal> AdminAsync()
    {
        if (_admin is null)
        {
            await using var scope = Services.CreateAsyncScope();
            var id = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(AdminEmail))!.Id;
            _admin = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, AdminEmail), new Claim(ClaimTypes.Role, AppRoles.Admin)],
                "test", ClaimTypes.Name, ClaimTypes.Role));
        }
        return _admin;
    }

    /// <summary>A Responder account (no password, so no slow hashing) under any display name.</summary>
    public async Task<ClaimsPrincipal> ResponderAsync(string displayName)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"{Guid.NewGuid():N}@example.test";
        var account = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        Check(await users.CreateAsync(account));
        Check(await users.AddToRoleAsync(account, AppRoles.Responder));
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, account.Id), new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Role, AppRoles.Responder)],
            "test", ClaimTypes.Name, ClaimTypes.Role));
    }

    public async Task<string> TokenAsync()
    {
        _token ??= (await Services.GetRequiredService<ApiTokenService>().CreateAsync(await AdminAsync(), "Hostile sender")).Value;
        return _token;
    }

    /// <summary>Posts a JSON body (already serialized) to an alert endpoint with the token.</summary>
    public async Task<HttpResponseMessage> PostAlertAsync(string url, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        return await CreateClient().SendAsync(request);
    }

    /// <summary>
    /// A signed-in page as its circuit first renders it: the page component under the user's auth
    /// state, with the app's own services (scoped as for one request) and the navigation manager at
    /// <paramref name="url"/> (so query parameters reach [SupplyParameterFromQuery]). Signed-in pages
    /// are interactive without prerendering, so a plain GET only returns the shell; this is the HTML
    /// the circuit would send. Throws if the page itself fails (what would blank it).
    /// </summary>
    public async Task<IHtmlDocument> RenderAsync<TPage>(ClaimsPrincipal user, string url, IReadOnlyDictionary<string, object?>? parameters = null)
        where TPage : IComponent
    {
        await using var scope = Services.CreateAsyncScope();
        var navigation = scope.ServiceProvider.GetRequiredService<NavigationManager>();
        ((IHostEnvironmentNavigationManager)navigation).Initialize("http://localhost/", "http://localhost" + url);
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, Services.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<AsUser>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(AsUser.User)] = user,
                [nameof(AsUser.Page)] = typeof(TPage),
                [nameof(AsUser.Parameters)] = parameters ?? new Dictionary<string, object?>(),
            }));
            await output.QuiescenceTask;
            return output.ToHtmlString();
        });
        return Rendered.Parse(html);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Stands in for the router: the page under a cascading auth state.</summary>
    public sealed class AsUser : ComponentBase
    {
        [Parameter] public ClaimsPrincipal User { get; set; } = new();
        [Parameter] public Type Page { get; set; } = default!;
        [Parameter] public IReadOnlyDictionary<string, object?> Parameters { get; set; } = new Dictionary<string, object?>();

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<CascadingValue<Task<AuthenticationState>>>(0);
            builder.AddComponentParameter(1, "Value", Task.FromResult(new AuthenticationState(User)));
            builder.AddComponentParameter(2, "ChildContent", (RenderFragment)(b =>
            {
                b.OpenComponent(3, Page);
                foreach (var (name, value) in Parameters)
                {
                    b.AddComponentParameter(4, name, value);
                }
                b.CloseComponent();
            }));
            builder.CloseComponent();
        }
    }
}

/// <summary>Checks on rendered pages: nothing runs, nothing failed, the text is there.</summary>
public static class Rendered
{
    /// <summary>No script element (other than the allowed sources), no handler attribute, no script or data URL.</summary>
    public static void AssertInert(IDocument document, params string[] allowedScripts)
    {
        Assert.Equal(allowedScripts, document.Scripts.Select(s => s.Source ?? "(inline)"));
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName} {attribute.Name}=\"{attribute.Value}\">");
                if (attribute.Name is "href" or "src" or "action" or "formaction")
                {
                    var value = new string(attribute.Value.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
                    Assert.False(value.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                        || value.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName} {attribute.Name}=\"{attribute.Value}\">");
                }
            }
        }
        Assert.Empty(document.QuerySelectorAll("iframe, object, embed, img[onerror], svg script"));
    }

    /// <summary>No panel showed "This part failed to load".</summary>
    public static void AssertNoPanelFailed(IDocument document) =>
        Assert.True(document.QuerySelector(".panel-failed") is null,
            $"A panel failed: {document.QuerySelector(".panel-failed")?.TextContent.Trim()}");

    public static async Task<(HttpResponseMessage Response, string Body)> GetOkAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {Clip(body)}");
        Assert.False(response.Headers.Contains("X-Status-Stale"), $"GET {url} served a stale page");
        return (response, body);
    }

    /// <summary>The feed is well-formed XML; returns its entries' content parsed as the HTML it carries.</summary>
    public static IReadOnlyList<IHtmlDocument> FeedEntries(string xml)
    {
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(xml);
        return feed.Root!.Elements(atom + "entry")
            .Select(e => Parse((string?)e.Element(atom + "content") ?? ""))
            .ToList();
    }

    /// <summary>
    /// Parses HTML as a browser would. AngleSharp reads U+FFFF as the end of its input (browsers keep
    /// it as a noncharacter), so it is swapped for U+FFFD first; otherwise the parse stops there.
    /// </summary>
    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html.Replace('\uFFFF', '\uFFFD'));

    public static string Clip(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
