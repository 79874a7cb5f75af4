using IncidentCenter.Incidents;
using IncidentCenter.Metrics;
using IncidentCenter.Response;

namespace IncidentCenter.Tests.Metrics;

public class MetricsFormatTests
{
    [Theory]
    [InlineData(null, "—")]
    [InlineData(0.0, "0s")]
    [InlineData(59.4, "59s")]
    [InlineData(754.0, "12m 34s")]
    [InlineData(3 * 3600 + 5 * 60 + 20.0, "3h 05m")]
    [InlineData(2 * 86400 + 3 * 3600 + 7 * 60.0, "2d 3h 07m")]
    public void Durations_read_in_the_largest_sensible_units(double? seconds, string expected) =>
        Assert.Equal(expected, MetricsFormat.Duration(seconds is { } s ? TimeSpan.FromSeconds(s) : null));

    [Fact]
    public void Targets_and_shares_read_as_people_set_them()
    {
        Assert.Equal("5 min", MetricsFormat.Target(TimeSpan.FromMinutes(5)));
        Assert.Equal("4 h", MetricsFormat.Target(TimeSpan.FromHours(4)));
        Assert.Equal("90 min", MetricsFormat.Target(TimeSpan.FromMinutes(90)));
        Assert.Equal("1 day", MetricsFormat.Target(TimeSpan.FromDays(1)));
        Assert.Equal("14 days", MetricsFormat.Target(TimeSpan.FromDays(14)));
        Assert.Equal("—", MetricsFormat.Share(0, 0));
        Assert.Equal("75 % (3 of 4)", MetricsFormat.Share(3, 1));
    }

    [Theory]
    [InlineData(0, true, 1)]
    [InlineData(2, true, 1)]
    [InlineData(12, true, 5)]
    [InlineData(305, true, 100)]
    [InlineData(19.5, false, 5)]
    [InlineData(2.4, false, 0.5)]
    public void Axis_steps_are_round_numbers(double max, bool whole, double expected) =>
        Assert.Equal(expected, MetricsChartData.Step(max, whole), precision: 6);

    [Fact]
    public void Chart_points_keep_their_period_position_when_periods_between_them_are_empty()
    {
        DateTime At(int month) => new(2026, month, 10, 9, 0, 0, DateTimeKind.Utc);
        IncidentFact Fact(int id, int month, int minutes) => new(id, At(month), At(month), Severity.Sev2,
            [new(null, IncidentState.Investigating, At(month), 1), new(IncidentState.Investigating, IncidentState.Resolved, At(month).AddMinutes(minutes), 2)],
            [new(Severity.Sev2, At(month))], At(month), []);
        var report = IncidentMetrics.Compute([Fact(1, 1, 60), Fact(2, 4, 120)], SeverityPolicy.Defaults.ToDictionary(p => p.Severity),
            new MetricsRequest(new(2026, 1, 1), new(2026, 4, 30), PeriodKind.Month, null), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), new Dictionary<int, string>());

        var points = MetricsChartData.Times(report, f => (f.MeanToResolve, f.MedianToResolve), TimeSpan.FromHours(1));

        Assert.Equal([(0, 1.0), (3, 2.0)], points.Select(p => (p.Index, p.Median)));
        Assert.Equal("2026-01", MetricsChartData.PeriodAt(report, 0.0));
        Assert.Equal("2026-04", MetricsChartData.PeriodAt(report, 3));
        Assert.Equal("", MetricsChartData.PeriodAt(report, 1.5));
        Assert.Equal("", MetricsChartData.PeriodAt(report, -1.0));
        Assert.Equal([1, 0, 0, 1], MetricsChartData.Counts(report).Select(c => c.Sev2));
        Assert.Equal([(0, 100.0), (3, 100.0)], MetricsChartData.Shares(report, f => (f.ResolveMet, f.ResolveMissed)).Select(p => (p.Index, p.Percent)));
    }
}
