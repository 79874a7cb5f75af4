namespace IncidentCenter.Metrics;

/// <summary>The report reshaped into the flat points the charts plot; every value is also in a table.</summary>
public static class MetricsChartData
{
    public sealed record CountPoint(string Label, int Sev1, int Sev2, int Sev3, int Sev4)
    {
        public int Total => Sev1 + Sev2 + Sev3 + Sev4;
    }

    /// <summary>Index is the period's position: line series share a numeric axis, so a period missing from one line does not shift the other.</summary>
    public sealed record TimePoint(int Index, double Mean, double Median);

    public sealed record SharePoint(int Index, double Percent);

    public sealed record ServicePoint(string Name, int Incidents);

    public static List<CountPoint> Counts(MetricsReport report) =>
        report.Rows.GroupBy(r => r.PeriodLabel)
            .Select(g => new CountPoint(g.Key, Count(g, Incidents.Severity.Sev1), Count(g, Incidents.Severity.Sev2), Count(g, Incidents.Severity.Sev3), Count(g, Incidents.Severity.Sev4)))
            .ToList();

    /// <summary>Share of decided targets met, for periods with at least one decided.</summary>
    public static List<SharePoint> Shares(MetricsReport report, Func<MetricsFigures, (int Met, int Missed)> pick) =>
        report.Periods
            .Select((p, i) => (Index: i, Values: pick(p.Figures)))
            .Where(p => p.Values.Met + p.Values.Missed > 0)
            .Select(p => new SharePoint(p.Index, Math.Round(100.0 * p.Values.Met / (p.Values.Met + p.Values.Missed), 1)))
            .ToList();

    /// <summary>Periods with a value only: a line does not drop to zero for a period with nothing to average.</summary>
    public static List<TimePoint> Times(MetricsReport report, Func<MetricsFigures, (TimeSpan? Mean, TimeSpan? Median)> pick, TimeSpan unit) =>
        report.Periods
            .Select((p, i) => (Index: i, Values: pick(p.Figures)))
            .Where(p => p.Values.Mean is not null && p.Values.Median is not null)
            .Select(p => new TimePoint(p.Index, Math.Round(p.Values.Mean!.Value / unit, 2), Math.Round(p.Values.Median!.Value / unit, 2)))
            .ToList();

    /// <summary>An axis step of 1, 2 or 5 times a power of ten giving about five grid lines; whole numbers for counts.</summary>
    public static double Step(double max, bool wholeNumbers = true)
    {
        if (max <= 0)
        {
            return 1;
        }
        var raw = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var residual = raw / magnitude;
        var step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10) * magnitude;
        return wholeNumbers ? Math.Max(1, Math.Round(step)) : step;
    }

    /// <summary>Every n-th period labelled, so that about six labels fit.</summary>
    public static double LabelStep(int periods) => Math.Max(1, Math.Ceiling(periods / 6.0));

    /// <summary>For category (text) axes: the label of every n-th period, nothing for the others.</summary>
    public static string SparseLabel(MetricsReport report, object value)
    {
        var label = value as string ?? "";
        var step = (int)LabelStep(report.Periods.Count);
        if (step == 1)
        {
            return label;
        }
        for (var i = 0; i < report.Periods.Count; i += step)
        {
            if (report.Periods[i].PeriodLabel == label)
            {
                return label;
            }
        }
        return "";
    }

    /// <summary>The period label at a numeric axis position; nothing between periods.</summary>
    public static string PeriodAt(MetricsReport report, object value)
    {
        var position = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        var index = (int)Math.Round(position);
        return Math.Abs(position - index) < 0.01 && index >= 0 && index < report.Periods.Count ? report.Periods[index].PeriodLabel : "";
    }

    private static int Count(IEnumerable<PeriodSeverityRow> rows, Incidents.Severity severity) =>
        rows.Where(r => r.Severity == severity).Sum(r => r.Figures.Incidents);
}
