using IncidentCenter.Metrics;

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
}
