using IncidentCenter.StatusPage;
using IncidentCenter.StatusPage.Public;

namespace IncidentCenter.Tests.StatusPage;

public class UptimeCalculatorTests
{
    private static readonly DateTime Created = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Yesterday = new(2026, 11, 22);

    private static DateTime At(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, DateTimeKind.Utc);

    private static DayBar Day(IReadOnlyList<DayBar> bars, DateOnly day) => bars.Single(b => b.Day == day);

    [Fact]
    public void A_day_with_a_two_hour_major_outage_has_22_hours_of_24_up()
    {
        var bars = UptimeCalculator.Days(
            [new(At(22, 10), ComponentStatus.Operational, ComponentStatus.MajorOutage), new(At(22, 12), ComponentStatus.MajorOutage, ComponentStatus.Operational)],
            ComponentStatus.Operational, Created, Now, 90);

        var day = Day(bars, Yesterday);
        Assert.Equal(TimeSpan.FromHours(24), day.Observed);
        Assert.Equal(TimeSpan.FromHours(2), day.Major);
        Assert.Equal(22.0 / 24, day.Uptime!.Value, 9);
        Assert.Equal(ComponentStatus.MajorOutage, day.Worst);
        Assert.Equal(1.0, Day(bars, Yesterday.AddDays(-1)).Uptime);
    }

    [Fact]
    public void Partial_outage_counts_three_tenths_and_degraded_or_maintenance_count_as_up()
    {
        var bars = UptimeCalculator.Days(
        [
            new(At(22, 1), ComponentStatus.Operational, ComponentStatus.PartialOutage),
            new(At(22, 11), ComponentStatus.PartialOutage, ComponentStatus.DegradedPerformance),
            new(At(22, 15), ComponentStatus.DegradedPerformance, ComponentStatus.UnderMaintenance),
            new(At(22, 16), ComponentStatus.UnderMaintenance, ComponentStatus.Operational),
        ], ComponentStatus.Operational, Created, Now, 90);

        var day = Day(bars, Yesterday);
        Assert.Equal(TimeSpan.FromHours(10), day.Partial);
        Assert.Equal(TimeSpan.FromHours(4), day.Degraded);
        Assert.Equal(TimeSpan.FromHours(1), day.Maintenance);
        Assert.Equal(1 - 0.3 * 10 / 24, day.Uptime!.Value, 9);
        Assert.Equal(ComponentStatus.PartialOutage, day.Worst);
    }

    [Fact]
    public void An_outage_across_midnight_is_split_between_the_two_days()
    {
        var bars = UptimeCalculator.Days(
            [new(At(21, 23), ComponentStatus.Operational, ComponentStatus.MajorOutage), new(At(22, 2), ComponentStatus.MajorOutage, ComponentStatus.Operational)],
            ComponentStatus.Operational, Created, Now, 90);

        Assert.Equal(TimeSpan.FromHours(1), Day(bars, new DateOnly(2026, 11, 21)).Major);
        Assert.Equal(TimeSpan.FromHours(2), Day(bars, Yesterday).Major);
    }

    [Fact]
    public void Today_counts_up_to_now_and_an_outage_still_running_counts_until_now()
    {
        var bars = UptimeCalculator.Days(
            [new(At(23, 9), ComponentStatus.Operational, ComponentStatus.MajorOutage)],
            ComponentStatus.MajorOutage, Created, Now, 90);

        var today = bars[^1];
        Assert.Equal(new DateOnly(2026, 11, 23), today.Day);
        Assert.Equal(TimeSpan.FromHours(12), today.Observed);
        Assert.Equal(TimeSpan.FromHours(3), today.Major);
        Assert.Equal(0.75, today.Uptime!.Value, 9);
    }

    [Fact]
    public void Days_before_the_component_existed_have_no_data_and_its_first_day_counts_from_creation()
    {
        var created = At(22, 18);
        var bars = UptimeCalculator.Days([], ComponentStatus.Operational, created, Now, 90);

        Assert.Equal(90, bars.Count);
        Assert.Null(Day(bars, new DateOnly(2026, 11, 21)).Uptime);
        Assert.Equal(TimeSpan.FromHours(6), Day(bars, Yesterday).Observed);
        Assert.Equal(1.0, Day(bars, Yesterday).Uptime);
    }

    [Fact]
    public void Without_changes_the_current_status_holds_for_every_day()
    {
        var bars = UptimeCalculator.Days([], ComponentStatus.PartialOutage, Created, Now, 3);

        Assert.All(bars, b => Assert.Equal(0.7, b.Uptime!.Value, 9));
    }

    [Fact]
    public void The_total_weights_every_observed_hour_alike()
    {
        var bars = UptimeCalculator.Days(
            [new(At(22, 0), ComponentStatus.Operational, ComponentStatus.MajorOutage), new(At(22, 12), ComponentStatus.MajorOutage, ComponentStatus.Operational)],
            ComponentStatus.Operational, At(21, 0), Now, 90);
        var history = new ComponentHistory(1, "API", null, bars);

        // Observed 21st (24 h) + 22nd (24 h) + today to noon (12 h) = 60 h, 12 h of them down.
        Assert.Equal(1 - 12.0 / 60, history.Uptime!.Value, 9);
    }
}
