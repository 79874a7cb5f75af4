using System.Globalization;
using System.Text;

namespace IncidentCenter.Metrics;

/// <summary>
/// RFC 4180 CSV (CRLF line ends, quoted fields where needed), culture-independent: times in UTC
/// ISO 8601, durations in minutes with a dot as decimal separator, empty where there is no value.
/// </summary>
public static class MetricsCsv
{
    public static readonly string[] PeriodHeader =
    [
        "period", "period_start_utc", "period_end_utc", "severity", "incidents",
        "acknowledged", "mean_minutes_to_acknowledge", "median_minutes_to_acknowledge",
        "resolved", "mean_minutes_to_resolve", "median_minutes_to_resolve",
        "acknowledge_target_met", "acknowledge_target_missed", "resolve_target_met", "resolve_target_missed",
        "still_open", "reopened",
    ];

    public static readonly string[] ServiceHeader =
    [
        "service", "incidents",
        "acknowledged", "mean_minutes_to_acknowledge", "median_minutes_to_acknowledge",
        "resolved", "mean_minutes_to_resolve", "median_minutes_to_resolve",
        "acknowledge_target_met", "acknowledge_target_missed", "resolve_target_met", "resolve_target_missed",
        "still_open", "reopened",
    ];

    /// <summary>One row per period and severity, the same rows as the page's table.</summary>
    public static string Periods(MetricsReport report)
    {
        var csv = new StringBuilder();
        Line(csv, PeriodHeader);
        foreach (var row in report.Rows)
        {
            Line(csv, [row.PeriodLabel, Timestamp(row.PeriodStart), Timestamp(row.PeriodEnd), row.Severity.ToString().ToUpperInvariant(), .. Figures(row.Figures)]);
        }
        return csv.ToString();
    }

    public static string Services(MetricsReport report)
    {
        var csv = new StringBuilder();
        Line(csv, ServiceHeader);
        foreach (var row in report.Services)
        {
            Line(csv, [row.ServiceName, .. Figures(row.Figures)]);
        }
        return csv.ToString();
    }

    public static string FileName(MetricsRequest request, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"incident-{what}-{request.From:yyyy-MM-dd}-to-{request.To:yyyy-MM-dd}-{request.Period.ToString().ToLowerInvariant()}.csv");

    /// <summary>Whole and fractional minutes, at most two decimals, always with a dot.</summary>
    public static string Minutes(TimeSpan? span) =>
        span is { } s ? Math.Round(s.TotalMinutes, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture) : "";

    /// <summary>Quotes a field holding a comma, quote or line break; a leading = + - @ is defused so spreadsheets do not run it as a formula.</summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static IEnumerable<string> Figures(MetricsFigures f) =>
    [
        Count(f.Incidents),
        Count(f.Acknowledged), Minutes(f.MeanToAcknowledge), Minutes(f.MedianToAcknowledge),
        Count(f.Resolved), Minutes(f.MeanToResolve), Minutes(f.MedianToResolve),
        Count(f.AcknowledgeMet), Count(f.AcknowledgeMissed), Count(f.ResolveMet), Count(f.ResolveMissed),
        Count(f.StillOpen), Count(f.Reopened),
    ];

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder csv, IEnumerable<string> fields) =>
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");
}
