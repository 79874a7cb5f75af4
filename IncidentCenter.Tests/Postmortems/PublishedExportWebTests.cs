using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Tests.Support;
using IncidentCenter.Tests.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Postmortems;

/// <summary>
/// GET /api/postmortems/published.zip over HTTP (TestServer, which like Kestrel refuses synchronous writes and
/// holds a writer back once ~64 KB wait unread): streamed, cached per published set, limited to
/// Postmortems:ExportConcurrency (default 2) downloads at once.
/// </summary>
public class PublishedExportWebTests
{
    private const string Url = "/api/postmortems/published.zip";

    [Fact]
    public async Task The_zip_reaches_the_client_while_it_is_still_being_written_and_holds_every_published_text()
    {
        await using var app = new AppWithAdmin();
        var browser = await SignedInBrowserAsync(app);
        var texts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            texts.Add(await PublishAsync(app, $"Outage {i}", LargeText()));
        }

        using var response = await browser.GetAsync(Url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PublishedExport.FileName, response.Content.Headers.ContentDisposition?.FileName);
        // Not buffered first: no length known in advance...
        Assert.Null(response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync();
        var start = new byte[4];
        await body.ReadExactlyAsync(start);
        Assert.Equal("PK\u0003\u0004"u8.ToArray(), start);
        // ...and the first bytes arrive while the rest is still being written (the complete archive is kept only at the end).
        Assert.Empty(CachedArchives(app));

        var rest = new MemoryStream();
        await body.CopyToAsync(rest);
        var zip = start.Concat(rest.ToArray()).ToArray();
        Assert.True(zip.Length > 500_000, $"{zip.Length} bytes");
        Assert.Equal(texts, Entries(zip).Select(e => e.Text));
        Assert.Equal(zip, await File.ReadAllBytesAsync(Assert.Single(CachedArchives(app))));
    }

    [Fact]
    public async Task An_unchanged_set_is_served_from_the_cache_and_a_new_publication_changes_it()
    {
        await using var app = new AppWithAdmin();
        var browser = await SignedInBrowserAsync(app);
        var first = await PublishAsync(app, "Disk full", "# Disk full\n\nThe disk filled up.\n");

        var download = await browser.GetAsync(Url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var etag = download.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("no-cache", download.Headers.CacheControl?.ToString());
        var zip = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(new[] { first }, Entries(zip).Select(e => e.Text));

        // The client's copy is still current: 304, no body.
        var revalidate = await GetAsync(browser, etag);
        Assert.Equal(HttpStatusCode.NotModified, revalidate.StatusCode);
        Assert.Empty(await revalidate.Content.ReadAsByteArrayAsync());
        // Not for someone who is not signed in, even with the right tag.
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(app.CreateBrowser(), etag)).StatusCode);

        // A client without a copy gets the kept archive, not a new build: mark the kept file and see the mark arrive.
        var kept = Assert.Single(CachedArchives(app));
        Assert.Equal(zip, await File.ReadAllBytesAsync(kept));
        await File.WriteAllBytesAsync(kept, "served from the cache"u8.ToArray());
        var again = await browser.GetAsync(Url);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Equal("served from the cache", await again.Content.ReadAsStringAsync());
        await File.WriteAllBytesAsync(kept, zip);

        // A new publication makes the old copy stale: a new tag, a new archive with both, the old file swept.
        var second = await PublishAsync(app, "Expired certificate", "# Expired certificate\n\nIt expired.\n");
        var changed = await GetAsync(browser, etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal(new[] { first, second }, Entries(await changed.Content.ReadAsByteArrayAsync()).Select(e => e.Text));
        Assert.NotEqual(kept, Assert.Single(CachedArchives(app)));
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(browser, changed.Headers.ETag)).StatusCode);
    }

    [Fact]
    public async Task Downloads_beyond_the_concurrency_limit_get_503_with_Retry_After_until_a_slot_frees()
    {
        await using var app = new AppWithAdmin();
        var browser = await SignedInBrowserAsync(app);
        for (var i = 0; i < 3; i++)
        {
            await PublishAsync(app, $"Outage {i}", LargeText());
        }

        // Two downloads (the default Postmortems:ExportConcurrency) whose clients do not read yet: both are held mid-write.
        using var one = await browser.GetAsync(Url, HttpCompletionOption.ResponseHeadersRead);
        using var two = await browser.GetAsync(Url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.OK, two.StatusCode);

        var third = await browser.GetAsync(Url);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(PublishedExport.RetryAfterSeconds), third.Headers.RetryAfter?.Delta);
        Assert.Contains("Try again", await third.Content.ReadAsStringAsync());
        // A client whose copy is current needs no slot.
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(browser, one.Headers.ETag)).StatusCode);

        var first = await one.Content.ReadAsByteArrayAsync();
        var second = await two.Content.ReadAsByteArrayAsync();
        Assert.Equal(3, Entries(first).Count);
        Assert.Equal(first, second);

        var fourth = await browser.GetAsync(Url);
        Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
        Assert.Equal(first, await fourth.Content.ReadAsByteArrayAsync());
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, EntityTagHeaderValue? ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url);
        request.Headers.IfNoneMatch.Add(ifNoneMatch!);
        return client.SendAsync(request);
    }

    private static string[] CachedArchives(AppFactory app)
    {
        var folder = Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "export-cache");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.zip") : [];
    }

    /// <summary>~300 KB of text that does not compress much, so an archive of a few is far above TestServer's 64 KB of unread response.</summary>
    private static string LargeText() =>
        "# Post-mortem\n\n" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(220_000)) + "\n";

    private static List<(string Name, string Text)> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open(), new UTF8Encoding(false));
            return (e.FullName, reader.ReadToEnd());
        }).ToList();
    }

    private static async Task<HttpClient> SignedInBrowserAsync(AppFactory app)
    {
        var browser = app.CreateBrowser();
        var login = await browser.GetPageAsync("/account/login");
        await browser.PostAsync("/account/login", Browser.FormFrom(login, "login", ("Input.Email", AppFactory.AdminEmail), ("Input.Password", AppFactory.AdminPassword)));
        return browser;
    }

    /// <summary>Declares, resolves, writes, reviews and publishes a SEV3 post-mortem as the Admin; returns the published text.</summary>
    private static async Task<string> PublishAsync(AppFactory app, string title, string markdown)
    {
        ClaimsPrincipal admin;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            admin = TestApp.Principal((await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(AppFactory.AdminEmail))!.Id);
        }
        var incidents = app.Services.GetRequiredService<IncidentService>();
        var postmortems = app.Services.GetRequiredService<PostmortemService>();
        var incident = await incidents.DeclareAsync(admin, new DeclareIncident { Title = title, Severity = Severity.Sev3 });
        await incidents.ChangeStateAsync(admin, incident.Id, incident.Version, IncidentState.Resolved);
        var draft = await postmortems.GenerateAsync(admin, incident.Id);
        var saved = await postmortems.SaveAsync(admin, incident.Id, draft.Version, markdown);
        var review = await postmortems.RequestReviewAsync(admin, incident.Id, saved.Version);
        return (await postmortems.PublishAsync(admin, incident.Id, review.Version)).Markdown;
    }
}
