using System.Net;
using IncidentCenter.StatusPage;
using IncidentCenter.StatusPage.Public;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>Made-up ids on the public side are answered from the cache: a 404 without a query or a rebuild.</summary>
public class UnknownIdTests
{
    [Fact]
    public async Task Made_up_component_and_incident_ids_get_a_404_without_querying_or_growing_the_cache()
    {
        await using var app = new StatusPageApp();
        var api = await app.Seed.AddComponentAsync("Public API");
        var (id, _) = await app.DeclareAsync("Internal title");
        await app.Seed.PublishAsync(id, "Slow API", StatusStage.Investigating, StatusImpact.Minor, "Looking.", DateTime.UtcNow, components: [(api, ComponentStatus.DegradedPerformance)]);
        await app.AnnounceAsync(id);
        var browser = app.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/status/components/{api}/feed.atom")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/status/incidents/{id}")).StatusCode);
        // The first unknown id of each kind builds its shared 404 once.
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/status/components/999999/feed.atom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/status/incidents/999999")).StatusCode);
        var cache = app.Services.GetRequiredService<PublicStatusCache>();
        var loads = app.SourceLoads;
        var entries = cache.Count;

        for (var made = 1; made <= 40; made++)
        {
            var feed = await browser.GetAsync($"/status/components/{api + 1000 + made}/feed.atom");
            var page = await browser.GetAsync($"/status/incidents/{id + 1000 + made}");
            Assert.Equal(HttpStatusCode.NotFound, feed.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Contains("There is no public component with this number.", await feed.Content.ReadAsStringAsync());
            Assert.Contains("There is no public incident with this number.", await page.Content.ReadAsStringAsync());
        }

        Assert.Equal(loads, app.SourceLoads);
        Assert.Equal(entries, cache.Count);
    }

    [Theory]
    [InlineData("/status/components/0b0e3c1a-1d2f-4e5a-9b8c-7d6e5f4a3b2c/feed.atom")]
    [InlineData("/status/incidents/not-a-number")]
    [InlineData("/status/some/made/up/path")]
    public async Task Other_made_up_paths_under_status_get_the_cached_public_404_not_the_app_page(string path)
    {
        await using var app = new StatusPageApp();
        var browser = app.CreateBrowser();
        var first = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Contains("There is no such page on the status page.", await first.Content.ReadAsStringAsync());
        var cache = app.Services.GetRequiredService<PublicStatusCache>();
        var loads = app.SourceLoads;
        var entries = cache.Count;

        for (var made = 1; made <= 20; made++)
        {
            var response = await browser.GetAsync(path.Replace("made", $"made{made}").Replace("0b0e3c1a", $"{made:x8}"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            // The public page's own policy, not the app's: the response came from the status page.
            Assert.Contains("There is no such page on the status page.", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(loads, app.SourceLoads);
        Assert.Equal(entries, cache.Count);
    }

    [Fact]
    public async Task An_id_published_after_a_404_is_found_once_the_change_is_announced()
    {
        await using var app = new StatusPageApp();
        var browser = app.CreateBrowser();
        var (id, _) = await app.DeclareAsync("Internal title");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/status/incidents/{id}")).StatusCode);

        var api = await app.Seed.AddComponentAsync("Public API");
        await app.Seed.PublishAsync(id, "Now public", StatusStage.Investigating, StatusImpact.Minor, "Looking.", DateTime.UtcNow);
        await app.AnnounceAsync(id);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/status/incidents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/status/components/{api}/feed.atom")).StatusCode);
    }
}
