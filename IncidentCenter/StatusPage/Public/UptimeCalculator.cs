namespace IncidentCenter.StatusPage.Public;

/// <summary>One status change of a component, as replayed for its history.</summary>
public readonly record struct StatusChangePoint(DateTime At, ComponentStatus From, ComponentStatus To);

/// <summary>One day of one component: how long it spent in each bad status, and its uptime.</summary>
public sealed record DayBar(DateOnly Day, TimeSpan Observed, TimeSpan Degraded, TimeSpan Partial, TimeSpan Major, TimeSpan Maintenance)
{
    /// <summary>Null when the component did not exist yet that day.</summary>
    public double? Uptime => Observed <= TimeSpan.Zero ? null : UptimeCalculator.Uptime(Observed, Partial, Major);

    public ComponentStatus Worst =>
        Major > TimeSpan.Zero ? ComponentStatus.MajorOutage
        : Partial > TimeSpan.Zero ? ComponentStatus.PartialOutage
        : Degraded > TimeSpan.Zero ? ComponentStatus.DegradedPerformance
        : Maintenance > TimeSpan.Zero ? ComponentStatus.UnderMaintenance
        : ComponentStatus.Operational;
}

public sealed record ComponentHistory(int Id, string Name, string? Group, IReadOnlyList<DayBar> Days)
{
    /// <summary>Uptime over every observed day, weighted the same way as a single day.</summary>
    public double? Uptime
    {
        get
        {
            var observed = Days.Aggregate(TimeSpan.Zero, (t, d) => t + d.Observed);
            return observed <= TimeSpan.Zero ? null
                : UptimeCalculator.Uptime(observed, Days.Aggregate(TimeSpan.Zero, (t, d) => t + d.Partial), Days.Aggregate(TimeSpan.Zero, (t, d) => t + d.Major));
        }
    }
}

/// <summary>
/// Daily history of a component, replayed from its status changes (UTC days).
/// Uptime = 1 − (time in major outage + 0.3 × time in partial outage) ÷ time observed.
/// Degraded performance and maintenance count as up. A day is observed from the component's
/// creation (or its first recorded change, if earlier) until now.
/// </summary>
public static class UptimeCalculator
{
    public const double PartialOutageWeight = 0.3;

    public const string Formula =
        "Uptime = 1 − (time in major outage + 0.3 × time in partial outage) ÷ time observed. " +
        "Degraded performance and maintenance count as up. Days are UTC; today counts up to now.";

    public static double Uptime(TimeSpan observed, TimeSpan partial, TimeSpan major) =>
        Math.Clamp(1 - (major.TotalSeconds + PartialOutageWeight * partial.TotalSeconds) / observed.TotalSeconds, 0, 1);

    /// <param name="changes">The component's changes in any order.</param>
    /// <param name="current">Its status now (after the last change).</param>
    /// <param name="observedFrom">When the component began to exist.</param>
    public static IReadOnlyList<DayBar> Days(IEnumerable<StatusChangePoint> changes, ComponentStatus current, DateTime observedFrom, DateTime now, int dayCount)
    {
        var ordered = changes.OrderBy(c => c.At).ToList();
        if (ordered.Count > 0 && ordered[0].At < observedFrom)
        {
            observedFrom = ordered[0].At;
        }

        // Segments of constant status: [start, end) with the status held.
        var segments = new List<(DateTime Start, DateTime End, ComponentStatus Status)>();
        var status = ordered.Count > 0 ? ordered[0].From : current;
        var start = DateTime.MinValue;
        foreach (var change in ordered)
        {
            segments.Add((start, change.At, status));
            status = change.To;
            start = change.At;
        }
        segments.Add((start, DateTime.MaxValue, status));

        var today = DateOnly.FromDateTime(now);
        var bars = new List<DayBar>(dayCount);
        for (var i = dayCount - 1; i >= 0; i--)
        {
            var day = today.AddDays(-i);
            var dayStart = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var from = Max(dayStart, observedFrom);
            var to = Min(dayStart.AddDays(1), now);
            if (to <= from)
            {
                bars.Add(new DayBar(day, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero));
                continue;
            }
            TimeSpan degraded = TimeSpan.Zero, partial = TimeSpan.Zero, major = TimeSpan.Zero, maintenance = TimeSpan.Zero;
            foreach (var segment in segments)
            {
                var overlap = Min(segment.End, to) - Max(segment.Start, from);
                if (overlap <= TimeSpan.Zero)
                {
                    continue;
                }
                switch (segment.Status)
                {
                    case ComponentStatus.DegradedPerformance: degraded += overlap; break;
                    case ComponentStatus.PartialOutage: partial += overlap; break;
                    case ComponentStatus.MajorOutage: major += overlap; break;
                    case ComponentStatus.UnderMaintenance: maintenance += overlap; break;
                }
            }
            bars.Add(new DayBar(day, to - from, degraded, partial, major, maintenance));
        }
        return bars;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
