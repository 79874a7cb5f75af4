namespace IncidentCenter.StatusPage.Public;

public enum BannerLevel
{
    Operational = 0,
    Maintenance = 1,
    Degraded = 2,
    PartialOutage = 3,
    MajorOutage = 4,
}

/// <summary>
/// The one line at the top of the status page, and Statuspage's status{indicator, description}.
/// The worst of the public components' statuses and the active incidents' declared impact wins.
/// </summary>
public sealed record StatusBanner(BannerLevel Level, string Title, string Indicator, string Description, int ActiveIncidents)
{
    public static StatusBanner Compute(IEnumerable<ComponentStatus> componentStatuses, IEnumerable<StatusImpact> activeIncidentImpacts)
    {
        var level = BannerLevel.Operational;
        foreach (var status in componentStatuses)
        {
            level = Max(level, status switch
            {
                ComponentStatus.MajorOutage => BannerLevel.MajorOutage,
                ComponentStatus.PartialOutage => BannerLevel.PartialOutage,
                ComponentStatus.DegradedPerformance => BannerLevel.Degraded,
                ComponentStatus.UnderMaintenance => BannerLevel.Maintenance,
                _ => BannerLevel.Operational,
            });
        }
        var active = 0;
        foreach (var impact in activeIncidentImpacts)
        {
            active++;
            level = Max(level, impact switch
            {
                StatusImpact.Critical => BannerLevel.MajorOutage,
                StatusImpact.Major => BannerLevel.PartialOutage,
                StatusImpact.Minor => BannerLevel.Degraded,
                _ => BannerLevel.Operational,
            });
        }
        return level switch
        {
            BannerLevel.MajorOutage => new(level, "Major outage", "critical", "Major System Outage", active),
            BannerLevel.PartialOutage => new(level, "Partial outage", "major", "Partial System Outage", active),
            BannerLevel.Degraded => new(level, "Degraded performance", "minor", "Minor Service Outage", active),
            BannerLevel.Maintenance => new(level, "Under maintenance", "none", "Service Under Maintenance", active),
            _ when active > 0 => new(level, "All systems operational; we are looking into an issue", "none", "All Systems Operational", active),
            _ => new(level, "All systems operational", "none", "All Systems Operational", active),
        };
    }

    private static BannerLevel Max(BannerLevel a, BannerLevel b) => a > b ? a : b;
}
