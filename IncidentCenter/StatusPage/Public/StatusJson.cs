using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentCenter.StatusPage.Public;

/// <summary>
/// The JSON API, shaped like Atlassian Statuspage's public API v2 (same paths, same field
/// names and value vocabularies), so existing Statuspage clients and widgets can read it.
/// Component groups become group components (group: true) as Statuspage does.
/// </summary>
public static class StatusJson
{
    public const string ContentType = "application/json; charset=utf-8";
    public const string PageId = "incidentcenter";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static byte[] Summary(PublicStatusSnapshot s, string baseUrl) => JsonSerializer.SerializeToUtf8Bytes(
        new SummaryDto(Page(s, baseUrl), Status(s), Components(s), [.. s.ActiveIncidents.Select(i => Incident(i, baseUrl))], []), Options);

    public static byte[] StatusOnly(PublicStatusSnapshot s, string baseUrl) => JsonSerializer.SerializeToUtf8Bytes(new StatusDocDto(Page(s, baseUrl), Status(s)), Options);

    public static byte[] ComponentsOnly(PublicStatusSnapshot s, string baseUrl) => JsonSerializer.SerializeToUtf8Bytes(new ComponentsDto(Page(s, baseUrl), Components(s)), Options);

    public static byte[] Incidents(PublicStatusSnapshot s, string baseUrl) => JsonSerializer.SerializeToUtf8Bytes(
        new IncidentsDto(Page(s, baseUrl), [.. s.ActiveIncidents.Concat(s.RecentIncidents).DistinctBy(i => i.Id).OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id).Select(i => Incident(i, baseUrl))]), Options);

    public static byte[] Unresolved(PublicStatusSnapshot s, string baseUrl) => JsonSerializer.SerializeToUtf8Bytes(
        new IncidentsDto(Page(s, baseUrl), [.. s.ActiveIncidents.Select(i => Incident(i, baseUrl))]), Options);

    public static string ComponentStatusName(ComponentStatus status) => status switch
    {
        ComponentStatus.DegradedPerformance => "degraded_performance",
        ComponentStatus.PartialOutage => "partial_outage",
        ComponentStatus.MajorOutage => "major_outage",
        ComponentStatus.UnderMaintenance => "under_maintenance",
        _ => "operational",
    };

    public static string StageName(StatusStage stage) => stage.ToString().ToLowerInvariant();

    public static string ImpactName(StatusImpact impact) => impact.ToString().ToLowerInvariant();

    private static PageDto Page(PublicStatusSnapshot s, string baseUrl) =>
        new(PageId, StatusDocument.PageName, baseUrl + "/status", "Etc/UTC", s.UpdatedAt);

    private static StatusDto Status(PublicStatusSnapshot s) => new(s.Banner.Indicator, s.Banner.Description);

    private static List<ComponentDto> Components(PublicStatusSnapshot s)
    {
        var list = new List<ComponentDto>();
        foreach (var group in s.ComponentGroups)
        {
            var members = group.OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
            string? groupId = null;
            if (group.Key is { } name)
            {
                groupId = GroupId(name);
                var worst = members.Max(c => Rank(c.Status));
                list.Add(new ComponentDto(groupId, name, ComponentStatusName(members.First(c => Rank(c.Status) == worst).Status),
                    members.Min(c => c.CreatedAt), members.Max(c => c.UpdatedAt), members.Min(c => c.Position), null, null, true, false, true,
                    null, PageId, [.. members.Select(c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
            }
            list.AddRange(members.Select(c => Component(c, groupId)));
        }
        return list;
    }

    private static ComponentDto Component(PublicComponentView c, string? groupId) =>
        new(c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Name, ComponentStatusName(c.Status), c.CreatedAt, c.UpdatedAt, c.Position,
            null, groupId, false, false, true, DateOnly.FromDateTime(c.CreatedAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), PageId, null);

    private static IncidentDto Incident(PublicIncidentView i, string baseUrl) => new(
        i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), i.Title, StageName(i.Stage), i.CreatedAt, i.UpdatedAt, i.MonitoringAt, i.ResolvedAt,
        ImpactName(i.Impact), $"{baseUrl}/status/incidents/{i.Id}", i.StartedAt, PageId,
        [.. i.Updates.Select(u => new IncidentUpdateDto(
            u.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StageName(u.Stage), u.Body, i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            u.PublishedAt, u.PublishedAt, u.EffectiveAt,
            [.. u.Components.Select(c => new AffectedComponentDto(c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Name, ComponentStatusName(c.OldStatus), ComponentStatusName(c.NewStatus)))]))],
        [.. i.Components.Select(c => Component(c, c.Group is { } g ? GroupId(g) : null))]);

    private static string GroupId(string name) => "group-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..12].ToLowerInvariant();

    private static int Rank(ComponentStatus status) => status switch
    {
        ComponentStatus.MajorOutage => 4,
        ComponentStatus.PartialOutage => 3,
        ComponentStatus.DegradedPerformance => 2,
        ComponentStatus.UnderMaintenance => 1,
        _ => 0,
    };

    public sealed record PageDto(string Id, string Name, string Url, string TimeZone, DateTime UpdatedAt);

    public sealed record StatusDto(string Indicator, string Description);

    public sealed record ComponentDto(
        string Id, string Name, string Status, DateTime CreatedAt, DateTime UpdatedAt, int Position, string? Description, string? GroupId,
        bool Group, bool OnlyShowIfDegraded, bool Showcase, string? StartDate, string PageId,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<string>? Components);

    public sealed record AffectedComponentDto(string Code, string Name, string OldStatus, string NewStatus);

    public sealed record IncidentUpdateDto(string Id, string Status, string Body, string IncidentId, DateTime CreatedAt, DateTime UpdatedAt, DateTime DisplayAt,
        List<AffectedComponentDto> AffectedComponents);

    public sealed record IncidentDto(string Id, string Name, string Status, DateTime CreatedAt, DateTime UpdatedAt, DateTime? MonitoringAt, DateTime? ResolvedAt,
        string Impact, string Shortlink, DateTime StartedAt, string PageId, List<IncidentUpdateDto> IncidentUpdates, List<ComponentDto> Components);

    public sealed record SummaryDto(PageDto Page, StatusDto Status, List<ComponentDto> Components, List<IncidentDto> Incidents, List<IncidentDto> ScheduledMaintenances);

    public sealed record StatusDocDto(PageDto Page, StatusDto Status);

    public sealed record ComponentsDto(PageDto Page, List<ComponentDto> Components);

    public sealed record IncidentsDto(PageDto Page, List<IncidentDto> Incidents);
}
