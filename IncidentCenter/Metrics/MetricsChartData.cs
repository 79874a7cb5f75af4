namespace IncidentCenter.Metrics;

/// <summary>The report reshaped into the flat points the charts plot; every value is also in a table.</summary>
public static class MetricsChartData
{
    public sealed record CountPoint(string Label, int Sev1, int Sev2, int Sev3, int Sev4)
    {
        public int Total => Sev1 + Sev2 + Sev3 + Sev4;
    }

    public sealed record TargetPoint(string Label, int AcknowledgeMet, int AcknowledgeMissed, int ResolveMet, int ResolveMissed)
    {
        public int Max => Math.Max(Math.Max(AcknowledgeMet, AcknowledgeMissed), Math.Max(ResolveMet, ResolveMissed));
    }

    public sealed record TimePoint(string Label, double Mean, double Median);

    public sealed record ServicePoint(string Name, int Incidents);

    public static List<CountPoint> Counts(MetricsReport report) =>
        report.Rows.GroupBy(r => r.PeriodLabel)
            .Select(g => new CountPoint(g.Key, Count(g, Incidents.Severity.Sev1), Count(g, Incidents.Severity.Sev2), Count(g, Incidents.Severity.Sev3), Count(g, Incidents.Severity.Sev4)))
            .ToList();

    public static List<TargetPoint> Targets(MetricsReport report) =>
        report.Periods.Select(p => new TargetPoint(p.PeriodLabel, p.Figures.AcknowledgeMet, p.Figures.AcknowledgeMissed, p.Figures.ResolveMet, p.Figures.ResolveMissed)).ToList();

    /// <summary>Periods with a value only: a line does not drop to zero for a period with nothing to average.</summary>
    public static List<TimePoint> Times(MetricsReport report, Func<MetricsFigures, (TimeSpan? Mean, TimeSpan? Median)> pick, TimeSpan unit) =>
        report.Periods
            .Select(p => (p.PeriodLabel, Values: pick(p.Figures)))
            .Where(p => p.Values.Mean is not null && p.Values.Median is not null)
            .Select(p => new TimePoint(p.PeriodLabel, Math.Round(p.Values.Mean!.Value / unit, 2), Math.Round(p.Values.Median!.Value / unit, 2)))
            .ToList();

    /// <summary>A whole-number axis step giving at most about five grid lines.</summary>
    public static double Step(int max) => Math.Max(1, Math.Ceiling(max / 5.0));

    private static int Count(IEnumerable<PeriodSeverityRow> rows, Incidents.Severity severity) =>
        rows.Where(r => r.Severity == severity).Sum(r => r.Figures.Incidents);
}
