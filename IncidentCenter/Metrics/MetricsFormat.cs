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

    /// <summary>"75 % (3 of 4)"; "—" when nothing has been decided yet.</summary>
    public static string Share(int met, int missed) =>
        met + missed == 0 ? None : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(100.0 * met / (met + missed))} % ({met} of {met + missed})");
}
