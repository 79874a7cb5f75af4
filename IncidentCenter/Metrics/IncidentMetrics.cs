using System.Globalization;
using IncidentCenter.Incidents;
using IncidentCenter.Response;

namespace IncidentCenter.Metrics;

/// <summary>
/// The metrics rules, as plain functions over incident facts (no database). The definitions the
/// /metrics page states come from here:
/// - Time to acknowledge: detection → acknowledgement (<see cref="IncidentFact.AcknowledgedAt"/>).
/// - Time to resolve: detection → the last move into Resolved, for incidents that ended Resolved or
///   Closed. A reopened incident counts the whole elapsed time up to its final resolution, the
///   time it spent wrongly marked resolved included: the problem was not gone.
/// - Severity: the highest the incident reached; it is grouped under it and measured against its targets.
/// - Period: the one in which the incident was declared, in UTC (weeks are ISO weeks, from Monday).
/// </summary>
public static class IncidentMetrics
{
    public static IncidentOutcome Evaluate(IncidentFact fact, IReadOnlyDictionary<Severity, SeverityPolicy> policies, PeriodKind period, DateTime now)
    {
        var moves = fact.StateChanges.OrderBy(m => m.At).ThenBy(m => m.Id).ToList();
        var finalState = moves.Count == 0 ? IncidentState.Investigating : moves[^1].To;
        var isResolved = !IncidentLifecycle.IsOpen(finalState);
        // The final resolution: the last move out of an open state (into Resolved; Closed only follows Resolved).
        var resolution = moves.FindLastIndex(m => (m.From is null || IncidentLifecycle.IsOpen(m.From.Value)) && !IncidentLifecycle.IsOpen(m.To));
        DateTime? resolvedAt = !isResolved ? null : resolution >= 0 ? moves[resolution].At : moves[^1].At;
        var wasReopened = moves.Any(m => m.From is { } from && IncidentLifecycle.IsReopen(from, m.To));

        var severity = HighestSeverity(fact);
        var policy = policies.TryGetValue(severity, out var p) ? p : SeverityPolicy.Default(severity);

        var toAcknowledge = fact.AcknowledgedAt is { } ack ? NonNegative(ack - fact.DetectedAt) : (TimeSpan?)null;
        var toResolve = resolvedAt is { } resolved ? NonNegative(resolved - fact.DetectedAt) : (TimeSpan?)null;
        var elapsed = now - fact.DetectedAt;

        var acknowledge = toAcknowledge switch
        {
            { } t => t <= policy.AcknowledgeWithin ? TargetOutcome.Met : TargetOutcome.Missed,
            // Resolved with nobody acknowledging it, or still waiting past the target.
            null when isResolved || elapsed > policy.AcknowledgeWithin => TargetOutcome.Missed,
            null => TargetOutcome.Pending,
        };
        var resolve = toResolve switch
        {
            { } t => t <= policy.ResolveWithin ? TargetOutcome.Met : TargetOutcome.Missed,
            null when elapsed > policy.ResolveWithin => TargetOutcome.Missed,
            null => TargetOutcome.Pending,
        };
        return new IncidentOutcome(fact.IncidentId, severity, PeriodStart(fact.DeclaredAt, period), toAcknowledge, toResolve,
            isResolved, wasReopened, acknowledge, resolve);
    }

    /// <summary>The most severe level the incident was ever at (SEV1 is the most severe).</summary>
    public static Severity HighestSeverity(IncidentFact fact) =>
        fact.SeverityChanges.Count == 0 ? fact.Severity : (Severity)Math.Min((int)fact.Severity, fact.SeverityChanges.Min(s => (int)s.To));

    public static MetricsReport Compute(
        IEnumerable<IncidentFact> facts,
        IReadOnlyDictionary<Severity, SeverityPolicy> policies,
        MetricsRequest request,
        DateTime now,
        IReadOnlyDictionary<int, string> serviceNames)
    {
        var from = request.FromUtc;
        var to = request.ToUtcExclusive;
        var selected = facts
            .Where(f => f.DeclaredAt >= from && f.DeclaredAt < to)
            .Select(f => (Fact: f, Outcome: Evaluate(f, policies, request.Period, now)))
            .Where(x => request.Severity is null || x.Outcome.Severity == request.Severity)
            .ToList();

        var byPeriodAndSeverity = selected.ToLookup(x => (x.Outcome.PeriodStart, x.Outcome.Severity), x => x.Outcome);
        var byPeriod = selected.ToLookup(x => x.Outcome.PeriodStart, x => x.Outcome);
        var rows = new List<PeriodSeverityRow>();
        var periods = new List<PeriodRow>();
        foreach (var (start, end) in Periods(request))
        {
            var label = PeriodLabel(start, request.Period);
            foreach (var severity in request.Severities)
            {
                rows.Add(new PeriodSeverityRow(start, end, label, severity, Figures(byPeriodAndSeverity[(start, severity)])));
            }
            periods.Add(new PeriodRow(start, end, label, Figures(byPeriod[start])));
        }

        var services = selected
            .SelectMany(x => x.Fact.ServiceIds.Count == 0 ? [(ServiceId: (int?)null, x.Outcome)] : x.Fact.ServiceIds.Distinct().Select(id => (ServiceId: (int?)id, x.Outcome)))
            .GroupBy(x => x.ServiceId, x => x.Outcome)
            .Select(g => new ServiceRow(g.Key, g.Key is { } id ? serviceNames.GetValueOrDefault(id, $"Service {id}") : "No service recorded", Figures(g)))
            .OrderByDescending(s => s.Figures.Incidents)
            .ThenBy(s => s.ServiceId is null)
            .ThenBy(s => s.ServiceName, StringComparer.OrdinalIgnoreCase)
            .ToList();

        return new MetricsReport(request, rows, periods, services, Figures(selected.Select(x => x.Outcome)), now);
    }

    public static MetricsFigures Figures(IEnumerable<IncidentOutcome> outcomes)
    {
        var list = outcomes as IReadOnlyCollection<IncidentOutcome> ?? outcomes.ToList();
        var toAcknowledge = list.Where(o => o.TimeToAcknowledge is not null).Select(o => o.TimeToAcknowledge!.Value).ToList();
        var toResolve = list.Where(o => o.TimeToResolve is not null).Select(o => o.TimeToResolve!.Value).ToList();
        return new MetricsFigures(
            Incidents: list.Count,
            Acknowledged: toAcknowledge.Count,
            MeanToAcknowledge: Mean(toAcknowledge),
            MedianToAcknowledge: Median(toAcknowledge),
            Resolved: toResolve.Count,
            MeanToResolve: Mean(toResolve),
            MedianToResolve: Median(toResolve),
            AcknowledgeMet: list.Count(o => o.Acknowledge == TargetOutcome.Met),
            AcknowledgeMissed: list.Count(o => o.Acknowledge == TargetOutcome.Missed),
            ResolveMet: list.Count(o => o.Resolve == TargetOutcome.Met),
            ResolveMissed: list.Count(o => o.Resolve == TargetOutcome.Missed),
            StillOpen: list.Count(o => !o.IsResolved),
            Reopened: list.Count(o => o.WasReopened));
    }

    /// <summary>Null for no values: an empty period has no average, not an average of zero.</summary>
    public static TimeSpan? Mean(IReadOnlyCollection<TimeSpan> values) =>
        values.Count == 0 ? null : TimeSpan.FromTicks((long)Math.Round(values.Average(v => (double)v.Ticks)));

    /// <summary>The middle value; for an even count, halfway between the two middle ones.</summary>
    public static TimeSpan? Median(IReadOnlyCollection<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : TimeSpan.FromTicks((sorted[mid - 1].Ticks + sorted[mid].Ticks) / 2);
    }

    /// <summary>The start (UTC midnight) of the period holding <paramref name="utc"/>.</summary>
    public static DateTime PeriodStart(DateTime utc, PeriodKind kind)
    {
        var day = new DateTime(utc.Year, utc.Month, utc.Day, 0, 0, 0, DateTimeKind.Utc);
        return kind switch
        {
            PeriodKind.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            PeriodKind.Month => new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            PeriodKind.Quarter => new DateTime(day.Year, (day.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, DateTimeKind.Utc),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    public static DateTime NextPeriodStart(DateTime start, PeriodKind kind) => kind switch
    {
        PeriodKind.Week => start.AddDays(7),
        PeriodKind.Month => start.AddMonths(1),
        PeriodKind.Quarter => start.AddMonths(3),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Every period the range touches, empty ones included, as [start, end).</summary>
    public static IEnumerable<(DateTime Start, DateTime End)> Periods(MetricsRequest request)
    {
        for (var start = PeriodStart(request.FromUtc, request.Period); start < request.ToUtcExclusive; start = NextPeriodStart(start, request.Period))
        {
            yield return (start, NextPeriodStart(start, request.Period));
        }
    }

    /// <summary>2026-W05 (ISO week), 2026-01, 2026-Q1.</summary>
    public static string PeriodLabel(DateTime start, PeriodKind kind) => kind switch
    {
        PeriodKind.Week => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(start)}-W{ISOWeek.GetWeekOfYear(start):00}"),
        PeriodKind.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{start.Year}-Q{(start.Month - 1) / 3 + 1}"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static TimeSpan NonNegative(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;
}
