using IncidentCenter.StatusPage;
using IncidentCenter.StatusPage.Public;

namespace IncidentCenter.Tests.StatusPage;

public class StatusBannerTests
{
    [Fact]
    public void All_operational_without_incidents_is_the_green_banner()
    {
        var banner = StatusBanner.Compute([ComponentStatus.Operational, ComponentStatus.Operational], []);

        Assert.Equal(BannerLevel.Operational, banner.Level);
        Assert.Equal("All systems operational", banner.Title);
        Assert.Equal(("none", "All Systems Operational"), (banner.Indicator, banner.Description));
    }

    [Theory]
    [InlineData(ComponentStatus.DegradedPerformance, BannerLevel.Degraded, "minor")]
    [InlineData(ComponentStatus.PartialOutage, BannerLevel.PartialOutage, "major")]
    [InlineData(ComponentStatus.MajorOutage, BannerLevel.MajorOutage, "critical")]
    [InlineData(ComponentStatus.UnderMaintenance, BannerLevel.Maintenance, "none")]
    public void The_worst_component_sets_the_banner(ComponentStatus worst, BannerLevel level, string indicator)
    {
        var banner = StatusBanner.Compute([ComponentStatus.Operational, worst, ComponentStatus.Operational], []);

        Assert.Equal(level, banner.Level);
        Assert.Equal(indicator, banner.Indicator);
    }

    [Fact]
    public void An_outage_outranks_maintenance()
    {
        var banner = StatusBanner.Compute([ComponentStatus.UnderMaintenance, ComponentStatus.DegradedPerformance], []);

        Assert.Equal(BannerLevel.Degraded, banner.Level);
    }

    [Theory]
    [InlineData(StatusImpact.Minor, BannerLevel.Degraded)]
    [InlineData(StatusImpact.Major, BannerLevel.PartialOutage)]
    [InlineData(StatusImpact.Critical, BannerLevel.MajorOutage)]
    public void An_active_incident_raises_the_banner_to_its_impact_even_when_components_look_fine(StatusImpact impact, BannerLevel level)
    {
        var banner = StatusBanner.Compute([ComponentStatus.Operational], [StatusImpact.None, impact]);

        Assert.Equal(level, banner.Level);
        Assert.Equal(2, banner.ActiveIncidents);
    }

    [Fact]
    public void An_active_incident_without_impact_keeps_the_green_banner_but_says_we_are_looking()
    {
        var banner = StatusBanner.Compute([ComponentStatus.Operational], [StatusImpact.None]);

        Assert.Equal(BannerLevel.Operational, banner.Level);
        Assert.Contains("looking into an issue", banner.Title);
    }

    [Fact]
    public void A_worse_component_wins_over_a_milder_incident()
    {
        var banner = StatusBanner.Compute([ComponentStatus.MajorOutage], [StatusImpact.Minor]);

        Assert.Equal(BannerLevel.MajorOutage, banner.Level);
        Assert.Equal("Major System Outage", banner.Description);
    }
}
