using IncidentCenter.Incidents;
using IncidentCenter.Metrics;
using IncidentCenter.Response;
using IncidentCenter.Shared;
using MudBlazor;
using Severity = IncidentCenter.Incidents.Severity;

namespace IncidentCenter.Tests.Metrics;

/// <summary>What the metrics page's charts draw, built from a report; the same numbers are in its tables.</summary>
public sealed class MetricsChartsTests
{
    private static readonly DateTime March = new(2026, 3, 10, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime April = new(2026, 4, 12, 9, 0, 0, DateTimeKind.Utc);
    private static readonly MetricsRequest MarchToMay = new(new(2026, 3, 1), new(2026, 5, 31), PeriodKind.Month, null);

    private static IncidentFact Fact(int id, DateTime declared, Severity severity, TimeSpan acknowledgedAfter, TimeSpan? resolvedAfter, params int[] services) =>
        new(id, declared, declared, severity,
            resolvedAfter is { } r
                ? [new(null, IncidentState.Investigating, declared, 1), new(IncidentState.Investigating, IncidentState.Resolved, declared + r, 2)]
                : [new(null, IncidentState.Investigating, declared, 1)],
            [new(severity, declared)], declared + acknowledgedAfter, services);

    private static MetricsReport Report(MetricsRequest request, IEnumerable<IncidentFact> facts, IReadOnlyDictionary<int, string> services) =>
        IncidentMetrics.Compute(facts, SeverityPolicy.Defaults.ToDictionary(p => p.Severity), request, new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), services);

    /// <summary>The values drawn, null where the line has a gap.</summary>
    private static double?[] Values(ChartSeries<double> series) =>
        series.Data.Points.Select(p => p.HasValue ? (double?)Convert.ToDouble(p.Y, System.Globalization.CultureInfo.InvariantCulture) : null).ToArray();

    private static ChartSeries<double> Named(MetricsChart chart, string name) => chart.Series.Single(s => s.Name == name);

    [Fact]
    public void Time_lines_have_a_point_per_period_with_a_value_and_a_gap_where_there_is_none()
    {
        var report = Report(MarchToMay,
            [Fact(1, March, Severity.Sev1, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(95), 1), Fact(2, April, Severity.Sev3, TimeSpan.FromMinutes(10), null, 2)],
            new Dictionary<int, string> { [1] = "Checkout", [2] = "Search" });

        var charts = MetricsCharts.From(report);

        Assert.Equal(["2026-03", "2026-04", "2026-05"], charts.Acknowledge.Labels);
        Assert.Equal([3.0, 10.0, null], Values(Named(charts.Acknowledge, "Median")));
        Assert.Equal([3.0, 10.0, null], Values(Named(charts.Acknowledge, "Mean")));
        // 95 minutes in hours; April's incident is still open, so it has no time to resolve.
        Assert.Equal([1.58, null, null], Values(Named(charts.Resolve, "Median")));
        Assert.Equal(["Acknowledge", "Resolve"], charts.TargetsMet.Series.Select(s => s.Name));
        Assert.Equal(100, ((LineChartOptions)charts.TargetsMet.Options).YAxisSuggestedMax);
    }

    [Fact]
    public void Counts_stack_one_series_per_severity_in_its_palette_colour()
    {
        var report = Report(MarchToMay,
            [Fact(1, March, Severity.Sev1, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(95)), Fact(2, April, Severity.Sev3, TimeSpan.FromMinutes(10), null)],
            new Dictionary<int, string>());

        var counts = MetricsCharts.From(report).Counts;

        Assert.Equal(ChartType.StackedBar, counts.Type);
        Assert.Equal(["SEV1", "SEV2", "SEV3", "SEV4"], counts.Series.Select(s => s.Name));
        Assert.Equal(Enum.GetValues<Severity>().Select(AppPalette.SeverityColor), ((StackedBarChartOptions)counts.Options).ChartPalette);
        var march = Array.IndexOf(counts.Labels, "2026-03");
        var april = Array.IndexOf(counts.Labels, "2026-04");
        Assert.Equal(1, Values(Named(counts, "SEV1"))[march]);
        Assert.Equal(0, Values(Named(counts, "SEV1"))[april]);
        Assert.Equal(1, Values(Named(counts, "SEV3"))[april]);

        var sev1Only = MetricsCharts.From(Report(MarchToMay with { Severity = Severity.Sev1 }, [Fact(1, March, Severity.Sev1, TimeSpan.FromMinutes(3), null)], new Dictionary<int, string>())).Counts;
        Assert.Equal(["SEV1"], sev1Only.Series.Select(s => s.Name));
        Assert.Equal([AppPalette.SeverityColor(Severity.Sev1)], ((StackedBarChartOptions)sev1Only.Options).ChartPalette);
    }

    [Fact]
    public void A_range_with_no_incidents_has_nothing_to_draw_but_the_empty_count_columns()
    {
        var charts = MetricsCharts.From(Report(MarchToMay, [], new Dictionary<int, string>()));

        Assert.True(charts.TargetsMet.IsEmpty);
        Assert.True(charts.Acknowledge.IsEmpty);
        Assert.True(charts.Resolve.IsEmpty);
        Assert.True(charts.Services.IsEmpty);
        Assert.False(charts.Counts.IsEmpty);
    }

    [Fact]
    public void The_service_chart_draws_named_services_only_and_at_most_ten()
    {
        var names = Enumerable.Range(1, 12).ToDictionary(i => i, i => $"Service {i:00}");
        var facts = Enumerable.Range(1, 12).Select(i => Fact(i, March.AddHours(i), Severity.Sev2, TimeSpan.FromMinutes(1), null, i))
            .Append(Fact(13, March.AddHours(13), Severity.Sev2, TimeSpan.FromMinutes(1), null));
        var report = Report(MarchToMay, facts, names);

        var services = MetricsCharts.From(report).Services;

        Assert.Equal(MetricsCharts.MaxServicesCharted, services.Labels.Length);
        Assert.Equal(report.Services.Where(s => s.ServiceId is not null).Take(10).Select(s => s.ServiceName), services.Labels);
        Assert.All(services.Labels, label => Assert.Contains(label, names.Values));
        Assert.Equal(Enumerable.Repeat<double?>(1, 10), Values(Assert.Single(services.Series)));
        Assert.True(report.Services.Count > services.Labels.Length);
    }

    [Fact]
    public void The_filter_form_shows_the_request_read_and_leads_to_its_address()
    {
        var filters = new MetricsFilterText();
        filters.Asked("fortnight", null);
        Assert.Equal(("fortnight", "all"), (filters.Period, filters.Severity));

        filters.Show(new MetricsRequest(new(2026, 1, 5), new(2026, 2, 28), PeriodKind.Week, Severity.Sev2));

        Assert.Equal(("2026-01-05", "2026-02-28", "week", "sev2"), (filters.From, filters.To, filters.Period, filters.Severity));
        Assert.Equal("/metrics?from=2026-01-05&to=2026-02-28&period=week&severity=sev2", filters.Address);
        filters.To = "2026-03-01&x=1";
        Assert.Equal("/metrics?from=2026-01-05&to=2026-03-01%26x%3D1&period=week&severity=sev2", filters.Address);
    }
}
