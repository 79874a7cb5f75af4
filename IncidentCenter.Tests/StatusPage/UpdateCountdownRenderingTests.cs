using Microsoft.Extensions.Time.Testing;
using IncidentCenter.StatusPage;
using IncidentCenter.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The countdown as the server renders it at the fake clock's time.</summary>
public sealed class UpdateCountdownRenderingTests
{
    /// <summary>The countdown's classes and its text with white space collapsed; empty when nothing rendered.</summary>
    private static async Task<(string Classes, string Text)> ShowAsync(FakeTimeProvider clock, StatusCadence cadence)
    {
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await RenderAsync(clock, cadence));
        var element = doc.QuerySelector(".update-countdown");
        return element is null ? ("", "") : ((element.ClassName ?? "").Trim(), System.Text.RegularExpressions.Regex.Replace(element.TextContent, @"\s+", " ").Trim());
    }

    private static async Task<string> RenderBadgeAsync(FakeTimeProvider clock, DateTime dueAt)
    {
        await using var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock).BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<StatusOverdueBadge>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(StatusOverdueBadge.DueAt)] = dueAt,
            }));
            return output.ToHtmlString();
        });
    }

    [Fact]
    public async Task The_dashboard_badge_shows_only_once_the_update_is_late()
    {
        var clock = TestClock.Create();
        var due = clock.UtcNow.AddMinutes(10);

        Assert.DoesNotContain("Status update overdue", await RenderBadgeAsync(clock, due));
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Contains("Status update overdue", await RenderBadgeAsync(clock, due));
        Assert.Contains("was due 2026-11-23 10:10 UTC", await RenderBadgeAsync(clock, due));
    }

    private static async Task<string> RenderAsync(FakeTimeProvider clock, StatusCadence cadence)
    {
        await using var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock).BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<UpdateCountdown>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(UpdateCountdown.Cadence)] = cadence,
            }));
            return output.ToHtmlString();
        });
    }

    [Fact]
    public async Task Counts_down_to_the_due_time_then_says_it_is_overdue()
    {
        var clock = TestClock.Create();
        var cadence = new StatusCadence(clock.UtcNow.AddMinutes(12).AddSeconds(5), false, true, TimeSpan.FromMinutes(30));

        Assert.Equal(("update-countdown", "Next status update due in 12:05"), await ShowAsync(clock, cadence));

        clock.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(("update-countdown soon", "Next status update due in 4:05"), await ShowAsync(clock, cadence));

        clock.Advance(TimeSpan.FromMinutes(7));
        Assert.Equal(("update-countdown overdue", "Status update overdue by 2:55"), await ShowAsync(clock, cadence));
    }

    [Fact]
    public async Task Nothing_is_shown_when_no_update_is_owed()
    {
        Assert.Equal(("", ""), await ShowAsync(TestClock.Create(), StatusCadence.None));
    }

    [Fact]
    public void Monitoring_suggests_a_lighter_status_and_Resolved_operational()
    {
        Assert.Equal(ComponentStatus.MajorOutage, StatusTemplates.SuggestedStatus(StatusStage.Investigating, StatusImpact.Critical));
        Assert.Equal(ComponentStatus.PartialOutage, StatusTemplates.SuggestedStatus(StatusStage.Identified, StatusImpact.Major));
        Assert.Equal(ComponentStatus.DegradedPerformance, StatusTemplates.SuggestedStatus(StatusStage.Monitoring, StatusImpact.Critical));
        Assert.Equal(ComponentStatus.Operational, StatusTemplates.SuggestedStatus(StatusStage.Resolved, StatusImpact.Critical));
    }
}
