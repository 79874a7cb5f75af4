using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using MudBlazor;
using Severity = IncidentCenter.Incidents.Severity;

namespace IncidentCenter.Metrics;

/// <summary>One chart of the metrics page, as MudChart draws it; no series means nothing to draw.</summary>
public sealed record MetricsChart(ChartType Type, string[] Labels, List<ChartSeries<double>> Series, MudBlazor.Charts.IChartOptions Options)
{
    public bool IsEmpty => Series.Count == 0;
}

/// <summary>The charts of the metrics page, built from a report; every number they draw is also in a table below them.</summary>
public sealed record MetricsCharts(MetricsChart Counts, MetricsChart TargetsMet, MetricsChart Acknowledge, MetricsChart Resolve, MetricsChart Services)
{
    public const int MaxServicesCharted = 10;

    public static MetricsCharts Empty { get; } = new(
        new(ChartType.StackedBar, [], [], new StackedBarChartOptions()),
        new(ChartType.Line, [], [], new LineChartOptions()),
        new(ChartType.Line, [], [], new LineChartOptions()),
        new(ChartType.Line, [], [], new LineChartOptions()),
        new(ChartType.Bar, [], [], new BarChartOptions()));

    public static MetricsCharts From(MetricsReport report)
    {
        var periods = report.Periods.Count;
        var labelEvery = (int)MetricsChartData.LabelStep(periods);
        var markers = periods <= 30;

        var counts = MetricsChartData.Counts(report);
        var severities = report.Request.Severities.ToList();
        var countChart = new MetricsChart(ChartType.StackedBar,
            counts.Select(c => c.Label).ToArray(),
            severities.Select(s => new ChartSeries<double>
            {
                Name = SeverityCatalog.Name(s),
                Data = new ChartData<double>(counts.Select(c => (double)CountOf(c, s)).ToList()),
            }).ToList(),
            new StackedBarChartOptions
            {
                ChartPalette = severities.Select(AppPalette.SeverityColor).ToArray(),
                XAxisLabelInterval = labelEvery,
                YAxisTicks = 0,
                ShowToolTips = false,
            });

        var periodLabels = report.Periods.Select(p => p.PeriodLabel).ToArray();
        var acknowledgeShare = MetricsChartData.Shares(report, f => (f.AcknowledgeMet, f.AcknowledgeMissed));
        var resolveShare = MetricsChartData.Shares(report, f => (f.ResolveMet, f.ResolveMissed));
        var shareOptions = LineOptions(labelEvery, markers, AppPalette.Chart[4], AppPalette.Chart[5]);
        shareOptions.YAxisSuggestedMax = 100;
        shareOptions.YAxisTicks = 25;
        var shareChart = new MetricsChart(ChartType.Line, periodLabels,
            acknowledgeShare.Count == 0 && resolveShare.Count == 0 ? [] :
            [
                Line("Acknowledge", periods, acknowledgeShare.Select(p => (p.Index, p.Percent))),
                Line("Resolve", periods, resolveShare.Select(p => (p.Index, p.Percent))),
            ],
            shareOptions);

        var timeOptions = LineOptions(labelEvery, markers, AppPalette.Chart[4], AppPalette.Chart[6]);
        var acknowledge = MetricsChartData.Times(report, f => (f.MeanToAcknowledge, f.MedianToAcknowledge), TimeSpan.FromMinutes(1));
        var resolve = MetricsChartData.Times(report, f => (f.MeanToResolve, f.MedianToResolve), TimeSpan.FromHours(1));

        var servicePoints = report.Services.Where(s => s.ServiceId is not null).Take(MaxServicesCharted)
            .Select(s => new MetricsChartData.ServicePoint(s.ServiceName, s.Figures.Incidents)).ToList();
        var serviceChart = new MetricsChart(ChartType.Bar,
            servicePoints.Select(p => p.Name).ToArray(),
            servicePoints.Count == 0 ? [] : [new ChartSeries<double> { Name = "Incidents", Data = new ChartData<double>(servicePoints.Select(p => (double)p.Incidents).ToList()) }],
            new BarChartOptions { ChartPalette = [AppPalette.Chart[4]], ShowLegend = false, YAxisTicks = 0, ShowToolTips = false });

        return new MetricsCharts(countChart, shareChart,
            new MetricsChart(ChartType.Line, periodLabels, MeanAndMedian(acknowledge, periods), timeOptions),
            new MetricsChart(ChartType.Line, periodLabels, MeanAndMedian(resolve, periods), timeOptions),
            serviceChart);
    }

    private static List<ChartSeries<double>> MeanAndMedian(List<MetricsChartData.TimePoint> points, int periods) => points.Count == 0 ? [] :
    [
        Line("Median", periods, points.Select(p => (p.Index, p.Median))),
        Line("Mean", periods, points.Select(p => (p.Index, p.Mean))),
    ];

    /// <summary>A line over every period, with a gap where a period has nothing to plot.</summary>
    private static ChartSeries<double> Line(string name, int periods, IEnumerable<(int Index, double Value)> points)
    {
        var values = new double?[periods];
        foreach (var (index, value) in points)
        {
            values[index] = value;
        }
        return new ChartSeries<double> { Name = name, Data = new ChartData<double>(values) };
    }

    private static LineChartOptions LineOptions(int labelEvery, bool markers, params string[] palette) => new()
    {
        ChartPalette = palette,
        XAxisLabelInterval = labelEvery,
        ShowDataMarkers = markers,
        LineStrokeWidth = 2,
        YAxisTicks = 0,
        ShowToolTips = false,
    };

    private static int CountOf(MetricsChartData.CountPoint point, Severity severity) => severity switch
    {
        Severity.Sev1 => point.Sev1,
        Severity.Sev2 => point.Sev2,
        Severity.Sev3 => point.Sev3,
        _ => point.Sev4,
    };
}
