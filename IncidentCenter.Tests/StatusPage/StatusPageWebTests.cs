using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.StatusPage;
using IncidentCenter.StatusPage.Public;
using IncidentCenter.Tests.Support;
using IncidentCenter.Tests.Web;
using IncidentCenter.Timeline;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The app with a data source that a test can make fail, as a database outage would.</summary>
public class StatusPageApp(bool bootstrapAdmin = true) : AppFactory(bootstrapAdmin, signInAttemptsPerMinute: 1000)
{
    public bool DatabaseDown { get; set; }

    /// <summary>When set (before the first request), the public page cache reads this clock instead of the real one.</summary>
    public FakeTimeProvider? CacheClock { get; init; }

    private int _sourceLoads;

    /// <summary>How many times the public read side was queried (snapshot, history, incident or ids).</summary>
    public int SourceLoads => Volatile.Read(ref _sourceLoads);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<PublicStatusQueries>();
            services.AddSingleton<IPublicStatusSource>(sp => new FailingSource(sp.GetRequiredService<PublicStatusQueries>(), this));
            if (CacheClock is { } clock)
            {
                services.AddSingleton(sp => new PublicStatusCache(clock, sp.GetRequiredService<ILogger<PublicStatusCache>>()));
            }
        });
    }

    public StatusSeed Seed => new(Services);

    public Task AnnounceAsync(int? incidentId = null) =>
        Services.GetRequiredService<StatusPageNotifier>().PublishAsync(new StatusPageChange(
            incidentId is null ? StatusPageChangeKind.ComponentsChanged : StatusPageChangeKind.UpdatePublished, incidentId));

    public async Task<(int Id, System.Security.Claims.ClaimsPrincipal Responder)> DeclareAsync(string internalTitle, string? description = null, string responderName = "Rita Responder")
    {
        var email = $"{Guid.NewGuid():N}@example.test";
        await using var scope = Services.CreateAsyncScope();
        var userId = await UserAdminService.CreateUserAsync(scope.ServiceProvider, new NewUser { Email = email, DisplayName = responderName, Password = "long-enough-password-1", Role = AppRoles.Responder });
        var principal = TestApp.Principal(userId);
        var incident = await Services.GetRequiredService<IncidentService>().DeclareAsync(principal, new DeclareIncident { Title = internalTitle, Description = description, Severity = Severity.Sev2 });
        return (incident.Id, principal);
    }

    private sealed class FailingSource(PublicStatusQueries inner, StatusPageApp app) : IPublicStatusSource
    {
        public Task<PublicStatusSnapshot> LoadSnapshotAsync(CancellationToken ct = default) => Counted() ? Down<PublicStatusSnapshot>() : inner.LoadSnapshotAsync(ct);

        public Task<PublicHistory> LoadHistoryAsync(CancellationToken ct = default) => Counted() ? Down<PublicHistory>() : inner.LoadHistoryAsync(ct);

        public Task<PublicIncidentView?> LoadIncidentAsync(int id, CancellationToken ct = default) => Counted() ? Down<PublicIncidentView?>() : inner.LoadIncidentAsync(id, ct);

        public Task<PublicStatusIds> LoadIdsAsync(CancellationToken ct = default) => Counted() ? Down<PublicStatusIds>() : inner.LoadIdsAsync(ct);

        /// <summary>Counts the query; true when the database is "down".</summary>
        private bool Counted()
        {
            Interlocked.Increment(ref app._sourceLoads);
            return app.DatabaseDown;
        }

        private static Task<T> Down<T>() => Task.FromException<T>(new Microsoft.Data.Sqlite.SqliteException("database is locked (simulated outage)", 5));
    }
}

public class StatusPageWebTests
{
    private static readonly string[] JsonPaths =
        ["/api/v2/summary.json", "/api/v2/status.json", "/api/v2/components.json", "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json"];

    private static DateTime Now => DateTime.UtcNow;

    [Fact]
    public async Task Pages_feeds_and_api_answer_anonymously_even_before_the_first_admin_exists()
    {
        await using var app = new StatusPageApp(bootstrapAdmin: false);
        var browser = app.CreateBrowser();

        foreach (var path in new[] { "/status", "/status/history", "/status/feed.atom", "/js/status-live.js" }.Concat(JsonPaths))
        {
            var response = await browser.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {response.Headers.Location} {await response.Content.ReadAsStringAsync()}");
        }
        var head = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/status"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.True(head.Content.Headers.ContentLength > 0);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        var live = await browser.GetAsync("/status/live", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        live.Dispose();
        // The rest of the app still wants setup first.
        Assert.Equal("/setup", (await browser.GetAsync("/account/login")).LocationPath());
    }

    [Fact]
    public async Task Nothing_internal_reaches_the_pages_feeds_or_json()
    {
        await using var app = new StatusPageApp();
        string[] secrets = ["INTERNAL-TITLE-zq81", "INTERNAL-DESCRIPTION-zq82", "INTERNAL-SERVICE-NAME-zq83", "INTERNAL-SERVICE-DESC-zq84",
            "HIDDEN-COMPONENT-zq85", "TIMELINE-NOTE-zq86", "PUBLISHER-NAME-zq87", "RESPONDER-NAME-zq88"];
        var api = await app.Seed.AddComponentAsync("Public API", group: "Platform", serviceName: "INTERNAL-SERVICE-NAME-zq83", serviceDescription: "INTERNAL-SERVICE-DESC-zq84");
        var hidden = await app.Seed.AddComponentAsync("HIDDEN-COMPONENT-zq85", isPublic: false);
        var (id, responder) = await app.DeclareAsync("INTERNAL-TITLE-zq81", "INTERNAL-DESCRIPTION-zq82", responderName: "RESPONDER-NAME-zq88");
        await app.Services.GetRequiredService<TimelineService>().AddAsync(responder, id, new TimelineDraft { Text = "TIMELINE-NOTE-zq86" });
        await app.Seed.PublishAsync(id, "Public incident title", StatusStage.Investigating, StatusImpact.Major, "Public update body.", Now.AddMinutes(-10),
            components: [(api, ComponentStatus.PartialOutage), (hidden, ComponentStatus.MajorOutage)], publishedByName: "PUBLISHER-NAME-zq87");
        await app.Seed.PublishAsync(id, "Public incident title", StatusStage.Resolved, StatusImpact.Major, "Public resolution.", Now,
            components: [(api, ComponentStatus.Operational), (hidden, ComponentStatus.Operational)], publishedByName: "PUBLISHER-NAME-zq87");
        var browser = app.CreateBrowser();

        var paths = new[] { "/status", "/status/history", $"/status/incidents/{id}", "/status/feed.atom", $"/status/components/{api}/feed.atom" }.Concat(JsonPaths);
        foreach (var path in paths)
        {
            var response = await browser.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            Assert.All(secrets, secret => Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{path} shows {secret}"));
            // JSON escapes nothing of these ASCII names, but check the decoded form too.
            Assert.DoesNotContain("zq8", WebUtility.HtmlDecode(text), StringComparison.Ordinal);
        }
        // Sanity: the public parts are there, so the absence above means something.
        var status = await browser.GetStringAsync("/status");
        Assert.Contains("Public incident title", status);
        Assert.Contains("Public resolution.", status);
        Assert.Contains("Public API", status);
        Assert.Contains("Public update body.", await browser.GetStringAsync("/status/feed.atom"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/status/components/{hidden}/feed.atom")).StatusCode);
    }

    [Fact]
    public async Task Hostile_text_is_inert_on_the_page_and_in_the_incident_permalink()
    {
        await using var app = new StatusPageApp();
        var (id, _) = await app.DeclareAsync("Internal");
        await app.Seed.PublishAsync(id, SampleSnapshot.HostileTitle, StatusStage.Investigating, StatusImpact.Minor, SampleSnapshot.HostileBody, Now);
        var browser = app.CreateBrowser();

        foreach (var path in new[] { "/status", $"/status/incidents/{id}" })
        {
            var response = await browser.GetAsync(path);
            var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            // Only our own script, an external file from our own origin; no handler attributes, no javascript: links.
            Assert.Equal(["/js/status-live.js"], document.Scripts.Select(s => s.Source));
            Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
            Assert.Empty(document.QuerySelectorAll("img"));
            Assert.Empty(document.QuerySelectorAll("a[href^='javascript' i]"));
            var incident = document.QuerySelector($"[data-incident-id='{id}']")!;
            Assert.Contains(SampleSnapshot.HostileTitle, incident.TextContent);
            Assert.Contains("<script>alert('body')</script>", incident.TextContent);
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }

    [Fact]
    public async Task The_page_is_built_once_per_change_and_a_change_shows_on_the_next_request()
    {
        await using var app = new StatusPageApp();
        var (id, _) = await app.DeclareAsync("Internal");
        await app.Seed.PublishAsync(id, "Checkout errors", StatusStage.Investigating, StatusImpact.Minor, "First update.", Now);
        var browser = app.CreateBrowser();
        var first = await browser.GetStringAsync("/status");
        Assert.Contains("First update.", first);

        // Written without an announcement: the cached page is still served, identical.
        await app.Seed.PublishAsync(id, "Checkout errors", StatusStage.Identified, StatusImpact.Minor, "Second update.", Now);
        Assert.Equal(first, await browser.GetStringAsync("/status"));

        await app.AnnounceAsync(id);
        var second = await browser.GetStringAsync("/status");
        Assert.Contains("Second update.", second);
        Assert.True(second.IndexOf("Second update.", StringComparison.Ordinal) < second.IndexOf("First update.", StringComparison.Ordinal), "newest first");
    }

    [Fact]
    public async Task When_the_database_is_down_the_last_good_page_is_served_with_its_old_time()
    {
        var cacheClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new StatusPageApp { CacheClock = cacheClock };
        var (id, _) = await app.DeclareAsync("Internal");
        await app.Seed.PublishAsync(id, "Checkout errors", StatusStage.Investigating, StatusImpact.Minor, "Still here.", Now);
        var browser = app.CreateBrowser();
        var good = await browser.GetAsync("/status");
        var goodHtml = await good.Content.ReadAsStringAsync();
        var goodJson = await browser.GetStringAsync("/api/v2/summary.json");

        app.DatabaseDown = true;
        await app.AnnounceAsync(id);
        var stale = await browser.GetAsync("/status");

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal(goodHtml, await stale.Content.ReadAsStringAsync());
        Assert.Contains("Still here.", goodHtml);
        Assert.Equal("true", stale.Headers.GetValues("X-Status-Stale").Single());
        Assert.Equal(goodJson, await browser.GetStringAsync("/api/v2/summary.json"));
        // Never loaded while up: nothing good to fall back on.
        Assert.Equal(HttpStatusCode.InternalServerError, (await browser.GetAsync("/status/history")).StatusCode);

        app.DatabaseDown = false;
        cacheClock.Advance(PublicStatusCache.RetryAfterFailure + TimeSpan.FromMilliseconds(200));
        var recovered = await browser.GetAsync("/status");
        Assert.False(recovered.Headers.Contains("X-Status-Stale"));
        Assert.NotEqual(goodHtml, await recovered.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Json_endpoints_have_statuspage_v2_shapes()
    {
        await using var app = new StatusPageApp();
        var api = await app.Seed.AddComponentAsync("API", group: "Platform");
        await app.Seed.AddComponentAsync("Website");
        var (id, _) = await app.DeclareAsync("Internal");
        await app.Seed.PublishAsync(id, "Slow API", StatusStage.Identified, StatusImpact.Major, "Cause found.", Now, nextUpdateBy: Now.AddMinutes(30),
            components: [(api, ComponentStatus.PartialOutage)]);
        var browser = app.CreateBrowser();

        foreach (var path in JsonPaths)
        {
            var response = await browser.GetAsync(path);
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            AssertShape.Page(root.GetProperty("page"));
            if (root.TryGetProperty("status", out var status))
            {
                AssertShape.Status(status);
            }
            if (root.TryGetProperty("components", out var components))
            {
                Assert.NotEmpty(components.EnumerateArray());
                components.EnumerateArray().ToList().ForEach(AssertShape.Component);
            }
            if (root.TryGetProperty("incidents", out var incidents))
            {
                var incident = Assert.Single(incidents.EnumerateArray());
                AssertShape.Incident(incident);
                Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), incident.GetProperty("id").GetString());
            }
        }
        var summary = JsonDocument.Parse(await browser.GetStringAsync("/api/v2/summary.json")).RootElement;
        Assert.Equal("major", summary.GetProperty("status").GetProperty("indicator").GetString());
    }

    [Fact]
    public async Task An_unknown_incident_is_not_found_and_is_found_once_its_publication_is_announced()
    {
        await using var app = new StatusPageApp();
        var browser = app.CreateBrowser();
        var (id, _) = await app.DeclareAsync("Internal only so far");

        var missing = await browser.GetAsync($"/status/incidents/{id}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Not on the status page", await missing.Content.ReadAsStringAsync());
        await app.Seed.PublishAsync(id, "Now public", StatusStage.Investigating, StatusImpact.None, "Looking.", Now);
        // Made-up ids are answered from the cache; a publish announces itself, which refreshes the known ids.
        await app.AnnounceAsync(id);
        Assert.Contains("Now public", await browser.GetStringAsync($"/status/incidents/{id}"));
    }

    [Fact]
    public async Task Pages_come_precompressed_when_the_client_accepts_it_and_revalidate_with_the_etag()
    {
        await using var app = new StatusPageApp();
        var browser = app.CreateBrowser();
        var plain = await browser.GetByteArrayAsync("/status");

        foreach (var (encoding, decompress) in new (string, Func<Stream, Stream>)[]
                 {
                     ("br", s => new System.IO.Compression.BrotliStream(s, System.IO.Compression.CompressionMode.Decompress)),
                     ("gzip", s => new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionMode.Decompress)),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
            request.Headers.AcceptEncoding.ParseAdd(encoding == "br" ? "gzip, deflate, br" : "gzip;q=0.8, br;q=0");
            var response = await browser.SendAsync(request);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            using var decompressed = new MemoryStream();
            await decompress(await response.Content.ReadAsStreamAsync()).CopyToAsync(decompressed);
            Assert.Equal(plain, decompressed.ToArray());
        }

        var first = await browser.GetAsync("/status");
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/status");
        revalidate.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await browser.SendAsync(revalidate)).StatusCode);
    }
}
