using System.Globalization;

namespace IncidentCenter.Metrics;

/// <summary>How the page writes figures: durations to the second below an hour, to the minute above.</summary>
public static class MetricsFormat
{
    public const string None = "—";

    public static string Duration(TimeSpan? span)
    {
        if (span is not { } s)
        {
            return None;
        }
        var seconds = (long)Math.Round(s.TotalSeconds, MidpointRounding.AwayFromZero);
        var t = TimeSpan.FromSeconds(seconds);
        return t switch
        {
            { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{t.Seconds}s"),
            { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m {t.Seconds:00}s"),
            { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{t.Hours}h {t.Minutes:00}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalDays}d {t.Hours}h {t.Minutes:00}m"),
        };
    }

    /// <summary>A policy target in the units people set it in: "5 min", "4 h", "3 days".</summary>
    public static string Target(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.Ticks % TimeSpan.TicksPerDay == 0 => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} {((int)span.TotalDays == 1 ? "day" : "days")}"),
        { TotalHours: >= 1 } when span.Ticks % TimeSpan.TicksPerHour == 0 => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(span.TotalMinutes, 1)} min"),
    };

    /// <summary>"75 % (3 of 4)"; "—" when nothing has been decided yet.</summary>
    public static string Share(int met, int missed) =>
        met + missed == 0 ? None : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(100.0 * met / (met + missed))} % ({met} of {met + missed})");
}
