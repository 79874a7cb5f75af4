using Microsoft.Extensions.Time.Testing;
using IncidentCenter.StatusPage;
using IncidentCenter.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The countdown and the dashboard's overdue badge, rendered at the fake clock's time and following it as it moves.</summary>
public sealed class UpdateCountdownRenderingTests
{
    private static BunitContext Context(FakeTimeProvider clock)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton<TimeProvider>(clock);
        return context;
    }

    /// <summary>The countdown's classes and its text with white space collapsed; empty when nothing rendered.</summary>
    private static (string Classes, string Text) Shown(IRenderedComponent<UpdateCountdown> countdown)
    {
        var element = countdown.FindAll(".update-countdown").SingleOrDefault();
        return element is null ? ("", "") : (string.Join(' ', element.ClassList.Where(c => !c.StartsWith("b-", StringComparison.Ordinal))),
            System.Text.RegularExpressions.Regex.Replace(element.TextContent, @"\s+", " ").Trim());
    }

    [Fact]
    public async Task The_dashboard_badge_shows_by_itself_once_the_update_is_late()
    {
        var clock = TestClock.Create();
        await using var context = Context(clock);
        var badge = context.Render<StatusOverdueBadge>(p => p.Add(c => c.DueAt, clock.UtcNow.AddMinutes(10)));

        Assert.DoesNotContain("Status update overdue", badge.Markup);
        // No re-render by the test: the badge's own timer brings it up just after the due time.
        clock.Advance(TimeSpan.FromMinutes(11));
        badge.WaitForAssertion(() => Assert.Contains("Status update overdue", badge.Markup));
        Assert.Equal("The next status update was due 2026-11-23 10:10 UTC", badge.Find(".status-overdue-flag").GetAttribute("title"));
    }

    [Fact]
    public async Task Counts_down_to_the_due_time_then_says_it_is_overdue()
    {
        var clock = TestClock.Create();
        var cadence = new StatusCadence(clock.UtcNow.AddMinutes(12).AddSeconds(5), false, true, TimeSpan.FromMinutes(30));
        await using var context = Context(clock);
        var countdown = context.Render<UpdateCountdown>(p => p.Add(c => c.Cadence, cadence));

        Assert.Equal(("update-countdown", "Next status update due in 12:05"), Shown(countdown));

        clock.Advance(TimeSpan.FromMinutes(8));
        countdown.WaitForAssertion(() => Assert.Equal(("update-countdown soon", "Next status update due in 4:05"), Shown(countdown)));

        clock.Advance(TimeSpan.FromMinutes(7));
        countdown.WaitForAssertion(() => Assert.Equal(("update-countdown overdue", "Status update overdue by 2:55"), Shown(countdown)));
    }

    [Fact]
    public async Task Nothing_is_shown_when_no_update_is_owed()
    {
        await using var context = Context(TestClock.Create());
        Assert.Equal(("", ""), Shown(context.Render<UpdateCountdown>(p => p.Add(c => c.Cadence, StatusCadence.None))));
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
