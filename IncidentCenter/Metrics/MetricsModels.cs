using System.Globalization;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;

namespace IncidentCenter.Metrics;

public enum PeriodKind
{
    Week,
    Month,
    Quarter,
}

/// <summary>One recorded lifecycle move (IncidentStateChanges row); Id orders moves recorded in the same instant.</summary>
public readonly record struct StateMove(IncidentState? From, IncidentState To, DateTime At, int Id = 0);

/// <summary>One recorded severity (IncidentSeverityChanges row), the declared one included.</summary>
public readonly record struct SeverityMove(Severity To, DateTime At);

/// <summary>
/// What the calculator needs to know about one incident, all times UTC. The query fills it from the
/// database; tests build it by hand.
/// </summary>
/// <param name="AcknowledgedAt">
/// When someone took the incident on; null when nobody has. The query decides where it comes from
/// (see MetricsQueries.AcknowledgedAt), the calculator only reads it.
/// </param>
public sealed record IncidentFact(
    int IncidentId,
    DateTime DetectedAt,
    DateTime DeclaredAt,
    Severity Severity,
    IReadOnlyList<StateMove> StateChanges,
    IReadOnlyList<SeverityMove> SeverityChanges,
    DateTime? AcknowledgedAt,
    IReadOnlyList<int> ServiceIds);

public enum TargetOutcome
{
    /// <summary>Still open and still within the target.</summary>
    Pending,
    Met,
    Missed,
}

/// <summary>What the calculator concluded about one incident.</summary>
public sealed record IncidentOutcome(
    int IncidentId,
    Severity Severity,
    DateTime PeriodStart,
    TimeSpan? TimeToAcknowledge,
    TimeSpan? TimeToResolve,
    bool IsResolved,
    bool WasReopened,
    TargetOutcome Acknowledge,
    TargetOutcome Resolve);

/// <summary>The figures for one group of incidents (a period and severity, a period, a service).</summary>
public sealed record MetricsFigures(
    int Incidents,
    int Acknowledged,
    TimeSpan? MeanToAcknowledge,
    TimeSpan? MedianToAcknowledge,
    int Resolved,
    TimeSpan? MeanToResolve,
    TimeSpan? MedianToResolve,
    int AcknowledgeMet,
    int AcknowledgeMissed,
    int ResolveMet,
    int ResolveMissed,
    int StillOpen,
    int Reopened);

public sealed record PeriodSeverityRow(DateTime PeriodStart, DateTime PeriodEnd, string PeriodLabel, Severity Severity, MetricsFigures Figures);

public sealed record PeriodRow(DateTime PeriodStart, DateTime PeriodEnd, string PeriodLabel, MetricsFigures Figures);

/// <summary>ServiceId null: incidents with no affected service recorded.</summary>
public sealed record ServiceRow(int? ServiceId, string ServiceName, MetricsFigures Figures);

public sealed record MetricsReport(
    MetricsRequest Request,
    IReadOnlyList<PeriodSeverityRow> Rows,
    IReadOnlyList<PeriodRow> Periods,
    IReadOnlyList<ServiceRow> Services,
    MetricsFigures Total,
    DateTime ComputedAt);

/// <summary>
/// What to compute: incidents declared from <see cref="From"/> to <see cref="To"/> (both whole UTC days,
/// inclusive), grouped by <see cref="Period"/>, for one severity or all (null).
/// </summary>
public sealed record MetricsRequest(DateOnly From, DateOnly To, PeriodKind Period, Severity? Severity)
{
    /// <summary>Weekly rows over more than five years stop being readable; the limit also bounds the work.</summary>
    public const int MaxDays = 5 * 366;

    public DateTime FromUtc => From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>Exclusive end: the start of the day after <see cref="To"/>.</summary>
    public DateTime ToUtcExclusive => To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    public IEnumerable<Severity> Severities => Severity is { } one ? [one] : Enum.GetValues<Severity>();

    /// <summary>The last 12 months: from the first day of the month eleven months back to today.</summary>
    public static MetricsRequest Default(DateTime nowUtc)
    {
        var today = DateOnly.FromDateTime(nowUtc);
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        return new MetricsRequest(from, today, PeriodKind.Month, null);
    }

    /// <summary>Reads the query-string form (from=yyyy-MM-dd, to=yyyy-MM-dd, period=week|month|quarter, severity=sev1..sev4); missing parts take the default.</summary>
    public static MetricsRequest Parse(string? from, string? to, string? period, string? severity, DateTime nowUtc)
    {
        var fallback = Default(nowUtc);
        var errors = new List<string>();
        var fromDate = ParseDate(from, fallback.From, "start", errors);
        var toDate = ParseDate(to, fallback.To, "end", errors);
        PeriodKind kind = fallback.Period;
        if (!string.IsNullOrWhiteSpace(period) && !TryParseEnum(period, out kind))
        {
            errors.Add("Choose week, month or quarter.");
        }
        Severity? sev = null;
        if (!string.IsNullOrWhiteSpace(severity) && !string.Equals(severity.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            if (TryParseEnum<Severity>(severity, out var parsed))
            {
                sev = parsed;
            }
            else
            {
                errors.Add("Choose a severity from SEV1 to SEV4, or all.");
            }
        }
        if (errors.Count == 0 && fromDate > toDate)
        {
            errors.Add("The start date must not be after the end date.");
        }
        if (errors.Count == 0 && toDate.DayNumber - fromDate.DayNumber >= MaxDays)
        {
            errors.Add("Choose a range of at most five years.");
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        return new MetricsRequest(fromDate, toDate, kind, sev);
    }

    public string QueryString() =>
        $"from={From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&to={To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&period={Period.ToString().ToLowerInvariant()}&severity={(Severity is { } s ? s.ToString().ToLowerInvariant() : "all")}";

    private static DateOnly ParseDate(string? text, DateOnly fallback, string what, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors.Add($"The {what} date must look like 2026-01-31.");
        return fallback;
    }

    private static bool TryParseEnum<T>(string text, out T value) where T : struct, Enum =>
        Enum.TryParse(text.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);
}
