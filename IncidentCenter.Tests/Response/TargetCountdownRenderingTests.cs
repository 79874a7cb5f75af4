using Microsoft.Extensions.Time.Testing;
using AngleSharp.Html.Parser;
using IncidentCenter.Incidents;
using IncidentCenter.Response;
using IncidentCenter.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IncidentCenter.Tests.Response;

/// <summary>The countdown as the server renders it (bUnit); ticking is a browser matter (see the E2E suite).</summary>
public sealed class TargetCountdownRenderingTests
{
    private static readonly DateTime Detected = TestClock.DefaultStart.UtcDateTime;

    private static ResponseStatus Status(bool open, DateTime? acknowledgedAt, DateTime? triagedAt) =>
        ResponseStatuses.Compute(1, Severity.Sev1, open, Detected, Detected, open ? null : Detected.AddHours(1),
            acknowledgedAt is null ? new IncidentResponse { IncidentId = 1, AwaitingAcknowledgement = true } : null,
            triagedAt, SeverityPolicyService.DefaultSetting(Severity.Sev1), [], [],
            [.. EscalationDefaults.LevelNames.Select(l => new LevelInfo(l.Level, l.Name, l.Contact))], Detected);

    private static async Task<(string Html, int TicksWhileShown, CountdownTicker Ticker)> RenderAsync(ResponseStatus status, FakeTimeProvider clock)
    {
        var ticker = new CountdownTicker(clock, NullLogger<CountdownTicker>.Instance);
        string html;
        int ticksWhileShown;
        await using (var ui = new Bunit.BunitContext())
        {
            ui.Services.AddSingleton<TimeProvider>(clock).AddSingleton(ticker);
            var countdown = ui.Render<TargetCountdown>(p => p.Add(c => c.Status, status));
            html = countdown.Markup;
            ticksWhileShown = ticker.SubscriberCount;
        }
        return (html, ticksWhileShown, ticker);
    }

    [Fact]
    public async Task An_unacknowledged_incident_counts_down_to_its_acknowledge_target()
    {
        var clock = TestClock.Create();
        clock.Advance(TimeSpan.FromSeconds(108));
        var (html, ticksWhileShown, ticker) = await RenderAsync(Status(open: true, acknowledgedAt: null, triagedAt: null), clock);

        var span = new HtmlParser().ParseDocument(html).QuerySelector("[role=timer]")!;
        Assert.Equal("Ack due in 3:12", span.TextContent);
        Assert.DoesNotContain("overdue", span.ClassName);
        // Subscribed to the ticker while shown, unsubscribed once disposed with its page.
        Assert.Equal(1, ticksWhileShown);
        Assert.Equal(0, ticker.SubscriberCount);
    }

    [Fact]
    public async Task A_passed_target_is_shown_overdue()
    {
        var clock = TestClock.Create();
        clock.Advance(TimeSpan.FromMinutes(27));
        var (html, _, _) = await RenderAsync(Status(open: true, acknowledgedAt: Detected, triagedAt: null), clock);

        var span = new HtmlParser().ParseDocument(html).QuerySelector("[role=timer]")!;
        Assert.Equal("Triage overdue by 12 min", span.TextContent);
        Assert.Contains("overdue", span.ClassName);
        Assert.Equal("Triage", span.GetAttribute("data-target"));
    }

    [Fact]
    public async Task A_resolved_incident_shows_no_countdown_and_takes_no_ticks()
    {
        var (html, ticksWhileShown, _) = await RenderAsync(Status(open: false, acknowledgedAt: Detected, triagedAt: Detected), TestClock.Create());

        Assert.Null(new HtmlParser().ParseDocument(html).QuerySelector("[role=timer]"));
        Assert.Equal(0, ticksWhileShown);
    }

    [Fact]
    public void The_ticker_forgets_a_disposed_countdown()
    {
        using var ticker = new CountdownTicker(TestClock.Create(), NullLogger<CountdownTicker>.Instance);
        var first = ticker.Subscribe(() => Task.CompletedTask);
        var second = ticker.Subscribe(() => Task.CompletedTask);
        first.Dispose();
        Assert.Equal(1, ticker.SubscriberCount);
        second.Dispose();
        second.Dispose();
        Assert.Equal(0, ticker.SubscriberCount);
    }
}
