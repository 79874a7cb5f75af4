using AngleSharp.Html.Parser;
using IncidentCenter.StatusPage;
using IncidentCenter.StatusPage.Public;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The public pages rendered by the same HtmlRenderer the endpoints use, from hand-built snapshots.</summary>
public sealed class StatusPageRenderingTests : IAsyncDisposable
{
    // Only what the pages need; the whole app container also wants endpoint services.
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().BuildServiceProvider();
    private readonly PublicStatusResponses _responses;

    public StatusPageRenderingTests() =>
        _responses = new PublicStatusResponses(null!, new PublicStatusCache(TimeProvider.System, NullLogger<PublicStatusCache>.Instance),
            _services, NullLoggerFactory.Instance, TimeProvider.System, Options.Create(new StatusPageOptions()));

    public async ValueTask DisposeAsync()
    {
        await _responses.DisposeAsync();
        await _services.DisposeAsync();
    }

    private async Task<AngleSharp.Html.Dom.IHtmlDocument> RenderHomeAsync(PublicStatusSnapshot snapshot)
    {
        var html = await _responses
            .RenderAsync<StatusHomePage>(new() { [nameof(StatusHomePage.Snapshot)] = snapshot });
        return new HtmlParser().ParseDocument(html);
    }

    [Fact]
    public async Task The_home_page_shows_banner_as_of_time_incidents_components_and_recent_resolutions()
    {
        var page = await RenderHomeAsync(SampleSnapshot.Create());

        Assert.Equal("Partial outage", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("As of 2026-11-23 10:00:00 UTC", page.QuerySelector(".as-of")!.TextContent.Trim());
        var active = page.QuerySelector("section[aria-labelledby=active-heading]")!;
        var card = active.QuerySelector("article.public-incident[data-incident-id='3']")!;
        Assert.Equal("Slow API", card.QuerySelector("h3")!.TextContent.Trim());
        Assert.Equal("/status/incidents/3", card.QuerySelector("h3 a")!.GetAttribute("href"));
        Assert.Equal("Next update by 2026-11-23 10:25 UTC", card.QuerySelector(".next-update-by")!.TextContent.Trim());
        Assert.Contains("Affects: API", card.TextContent);
        var updates = card.QuerySelectorAll(".status-update").ToList();
        Assert.Equal(["12", "11"], updates.Select(u => u.GetAttribute("data-update-id")));
        Assert.Contains("slow", updates[0].QuerySelector(".body strong")!.TextContent);
        Assert.Equal("backdated, published 09:55 UTC", updates[0].QuerySelector(".flag.backdated")!.TextContent.Trim());
        Assert.Equal("corrected 2026-11-23 09:55 UTC", updates[0].QuerySelector(".flag.corrected")!.TextContent.Trim());
        var original = updates[0].QuerySelector("details.original")!;
        Assert.False(original.HasAttribute("open"));
        Assert.Contains("The original wording.", original.TextContent);
        Assert.Null(updates[1].QuerySelector(".flag"));
        Assert.Contains("API: Partial outage", updates[0].QuerySelector(".affected-components")!.TextContent);

        var groups = page.QuerySelectorAll(".component-group").ToList();
        Assert.Equal("Platform", groups[0].QuerySelector("h3")!.TextContent);
        Assert.Equal("Partial outage", groups[0].QuerySelector("li[data-component-id='7'] .component-status")!.TextContent);
        Assert.Equal("Operational", groups[1].QuerySelector("li[data-component-id='8'] .component-status")!.TextContent);
        var resolved = page.QuerySelector("section[aria-labelledby=resolved-heading]")!;
        Assert.Contains("Website blip", resolved.TextContent);
        Assert.Null(resolved.QuerySelector(".next-update-by"));
    }

    [Fact]
    public async Task A_missed_next_update_time_is_marked_overdue()
    {
        var snapshot = SampleSnapshot.Create();
        var late = snapshot with { AsOf = SampleSnapshot.Now.AddHours(1) };

        var page = await RenderHomeAsync(late);

        var next = page.QuerySelector(".next-update-by")!;
        Assert.Contains("overdue", next.ClassList);
        Assert.EndsWith("(overdue)", next.TextContent.Trim());
    }

    [Fact]
    public async Task With_nothing_going_on_the_page_says_all_is_well()
    {
        var calm = new PublicStatusSnapshot(SampleSnapshot.Now, SampleSnapshot.Now, StatusBanner.Compute([ComponentStatus.Operational], []),
            [SampleSnapshot.Web with { Status = ComponentStatus.Operational }], [], [], []);

        var page = await RenderHomeAsync(calm);

        Assert.Equal("All systems operational", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("section[aria-labelledby=active-heading]"));
        Assert.Contains("No incidents in the last 7 days.", page.QuerySelector("section[aria-labelledby=resolved-heading]")!.TextContent);
    }

    [Fact]
    public async Task The_history_page_states_the_formula_and_describes_each_day()
    {
        var now = SampleSnapshot.Now;
        var yesterday = now.Date.AddDays(-1);
        var days = UptimeCalculator.Days(
            [new(yesterday.AddHours(10), ComponentStatus.Operational, ComponentStatus.MajorOutage), new(yesterday.AddHours(12), ComponentStatus.MajorOutage, ComponentStatus.Operational)],
            ComponentStatus.Operational, now.AddDays(-30), now, PublicHistory.DayCount);
        var history = new PublicHistory(now, [.. days.Select(d => d.Day)], [new ComponentHistory(7, "API", "Platform", days)],
            [new PastIncident(4, "API outage", StatusStage.Resolved, StatusImpact.Critical, yesterday.AddHours(10), yesterday.AddHours(12))]);

        var html = await _responses
            .RenderAsync<StatusHistoryPage>(new() { [nameof(StatusHistoryPage.History)] = history });
        var page = new HtmlParser().ParseDocument(html);

        Assert.Equal(UptimeCalculator.Formula, page.QuerySelector(".formula")!.TextContent);
        var bars = page.QuerySelectorAll(".day-bars li").ToList();
        Assert.Equal(90, bars.Count);
        Assert.Equal("2026-11-22: 91.666% uptime; major outage 2h 0m", bars[^2].TextContent);
        Assert.Contains("day-major", bars[^2].ClassList);
        Assert.Contains("day-nodata", bars[0].ClassList);
        Assert.Equal("2026-11-23: 100% uptime; no incidents", bars[^1].TextContent);
        var past = page.QuerySelector("section.past-incidents li")!;
        Assert.Equal("/status/incidents/4", past.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("2026-11-22 10:00 UTC to 2026-11-22 12:00 UTC (2h 0m)", past.TextContent);
    }

    [Fact]
    public async Task Update_times_are_written_the_same_whatever_the_server_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // A Buddhist-calendar culture with its own time separator would otherwise change the year and the colon.
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("th-TH");
            var page = await RenderHomeAsync(SampleSnapshot.Create());

            var update = page.QuerySelector(".status-update[data-update-id='12']")!;
            Assert.Equal("2026-11-23 09:45 UTC", update.QuerySelector("header time")!.TextContent.Trim());
            Assert.Contains("published 09:55 UTC", update.QuerySelector(".backdated")!.TextContent);
            Assert.Contains("corrected 2026-11-23 09:55 UTC", update.QuerySelector(".corrected")!.TextContent);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }
}
