using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using IncidentCenter.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentCenter.Tests.Web;

/// <summary>The whole app in memory (TestServer) on a SQLite file of its own.</summary>
public class AppFactory(bool bootstrapAdmin, int signInAttemptsPerMinute) : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "correct-horse-42";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "incidentcenter-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_folder, "app.db");

    /// <summary>What the app logged, e.g. the first-run setup code.</summary>
    public IncidentCenter.Tests.Support.CapturedLog Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Path", DatabasePath);
        builder.UseSetting("Limits:SignInAttemptsPerMinute", signInAttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Bootstrap:AdminEmail", bootstrapAdmin ? AdminEmail : "");
        builder.UseSetting("Bootstrap:AdminPassword", bootstrapAdmin ? AdminPassword : "");
        builder.UseSetting("Bootstrap:AdminName", "Ada Admin");
        // Test webhook receivers listen on loopback.
        builder.UseSetting("Webhooks:AllowedAddresses", "127.0.0.0/8, ::1");
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
    }

    /// <summary>A client that behaves like a browser tab: keeps cookies, shows redirects instead of following them.</summary>
    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<string> CreateUserAsync(string email, string password, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        return await UserAdminService.CreateUserAsync(scope.ServiceProvider, new NewUser { Email = email, DisplayName = email, Password = password, Role = role });
    }

    public async Task<int> CountUsersAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IncidentCenter.Data.AppDbContext>();
        return db.Users.Count();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; harmless.
        }
        GC.SuppressFinalize(this);
    }
}

public sealed class AppWithAdmin() : AppFactory(bootstrapAdmin: true, signInAttemptsPerMinute: 1000);

public static class Browser
{
    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ParseAsync(response);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    /// <summary>The form fields a browser would send: the page's hidden inputs plus what the person typed.</summary>
    public static FormUrlEncodedContent FormFrom(IHtmlDocument page, string handler, params (string Name, string Value)[] typed)
    {
        var form = page.Forms.SingleOrDefault(f => f.QuerySelector($"input[name=_handler][value={handler}]") is not null)
            ?? throw new Xunit.Sdk.XunitException($"The page has no form '{handler}'.");
        var hidden = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Select(i => (i.Name!, i.Value));
        return new FormUrlEncodedContent(hidden.Concat(typed).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
    }

    public static string? AntiforgeryToken(IHtmlDocument page) =>
        page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value;

    public static bool SetsCookie(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    public static string? LocationPath(this HttpResponseMessage response) => response.Headers.Location switch
    {
        null => null,
        { IsAbsoluteUri: true } absolute => absolute.PathAndQuery,
        var relative => relative.OriginalString,
    };
}
