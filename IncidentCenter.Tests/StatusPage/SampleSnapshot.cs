using IncidentCenter.StatusPage;
using IncidentCenter.StatusPage.Public;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>Hand-built snapshots for the feed, JSON and rendering tests.</summary>
public static class SampleSnapshot
{
    public static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    public const string HostileTitle = "<script>alert('title')</script> & \"quotes\"";
    public const string HostileBody = "<script>alert('body')</script> <img src=x onerror=alert(1)> [click](javascript:alert(2)) **bold**";

    public static PublicComponentView Api { get; } = new(7, "API", "Platform", ComponentStatus.PartialOutage, 1, Now.AddDays(-100), Now.AddMinutes(-30));
    public static PublicComponentView Web { get; } = new(8, "Website", null, ComponentStatus.Operational, 2, Now.AddDays(-100), Now.AddDays(-3));

    public static PublicStatusSnapshot Create(string title = "Slow API", string body = "We are looking into **slow** responses.")
    {
        var updates = new List<PublicUpdateItem>
        {
            new(12, 3, StatusStage.Identified, StatusImpact.Major, body, Now.AddMinutes(-5), Now.AddMinutes(-15), Now.AddMinutes(25), true, "The original wording.",
                [new AffectedComponent(7, "API", ComponentStatus.DegradedPerformance, ComponentStatus.PartialOutage)]),
            new(11, 3, StatusStage.Investigating, StatusImpact.Minor, "Looking.", Now.AddMinutes(-30), Now.AddMinutes(-30), Now, false, null,
                [new AffectedComponent(7, "API", ComponentStatus.Operational, ComponentStatus.DegradedPerformance)]),
        };
        var active = new PublicIncidentView(3, title, StatusStage.Identified, StatusImpact.Major, Now.AddMinutes(-30), null, Now.AddMinutes(25),
            Now.AddMinutes(-30), Now.AddMinutes(-5), null, updates, [Api]);
        var resolved = new PublicIncidentView(2, "Website blip", StatusStage.Resolved, StatusImpact.Minor, Now.AddDays(-3), Now.AddDays(-3).AddHours(1), null,
            Now.AddDays(-3), Now.AddDays(-3).AddHours(1), Now.AddDays(-3).AddMinutes(30),
            [new(5, 2, StatusStage.Resolved, StatusImpact.Minor, "All good.", Now.AddDays(-3).AddHours(1), Now.AddDays(-3).AddHours(1), null, false, null, [])], [Web]);
        var components = new[] { Api, Web };
        return new PublicStatusSnapshot(Now, Now.AddMinutes(-5), StatusBanner.Compute(components.Select(c => c.Status), [active.Impact]),
            components, [active], [resolved], [active, resolved]);
    }
}
