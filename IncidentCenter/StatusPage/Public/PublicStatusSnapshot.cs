namespace IncidentCenter.StatusPage.Public;

/// <summary>
/// Everything the public status page, its feeds and its JSON API show, read in one go. Holds
/// only public data: public components, public incident titles, published update text. Nothing
/// internal (people, timeline notes, internal titles, hidden components) is ever loaded into it.
/// </summary>
public sealed record PublicStatusSnapshot(
    DateTime AsOf,
    DateTime UpdatedAt,
    StatusBanner Banner,
    IReadOnlyList<PublicComponentView> Components,
    IReadOnlyList<PublicIncidentView> ActiveIncidents,
    IReadOnlyList<PublicIncidentView> RecentlyResolved,
    IReadOnlyList<PublicIncidentView> RecentIncidents)
{
    /// <summary>How far back "recently resolved" reaches on the status page.</summary>
    public static readonly TimeSpan ResolvedWindow = TimeSpan.FromDays(7);

    /// <summary>How many incidents the feeds and incidents.json carry, newest first (Statuspage uses 50).</summary>
    public const int RecentIncidentLimit = 50;

    public IEnumerable<IGrouping<string?, PublicComponentView>> ComponentGroups =>
        Components.GroupBy(c => c.Group).OrderBy(g => g.Min(c => c.Position)).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase);
}

public sealed record PublicComponentView(int Id, string Name, string? Group, ComponentStatus Status, int Position, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record PublicIncidentView(
    int Id,
    string Title,
    StatusStage Stage,
    StatusImpact Impact,
    DateTime StartedAt,
    DateTime? ResolvedAt,
    DateTime? NextUpdateBy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? MonitoringAt,
    IReadOnlyList<PublicUpdateItem> Updates,
    IReadOnlyList<PublicComponentView> Components)
{
    public bool IsResolved => Stage == StatusStage.Resolved || ResolvedAt is not null;
}

/// <summary>
/// One update as published, newest correction in place of what it corrected: <see cref="OriginalBody"/>
/// keeps the corrected text so the page can show it folded.
/// </summary>
public sealed record PublicUpdateItem(
    int Id,
    int IncidentId,
    StatusStage Stage,
    StatusImpact Impact,
    string Body,
    DateTime PublishedAt,
    DateTime EffectiveAt,
    DateTime? NextUpdateBy,
    bool IsCorrection,
    string? OriginalBody,
    IReadOnlyList<AffectedComponent> Components)
{
    public bool IsBackdated => PublishedAt - EffectiveAt > TimeSpan.FromMinutes(1);
}

public sealed record AffectedComponent(int Id, string Name, ComponentStatus OldStatus, ComponentStatus NewStatus);

/// <summary>The 90-day history page: one row of daily bars per public component.</summary>
public sealed record PublicHistory(DateTime AsOf, IReadOnlyList<DateOnly> Days, IReadOnlyList<ComponentHistory> Components, IReadOnlyList<PastIncident> Incidents)
{
    public const int DayCount = 90;
}

/// <summary>A public incident in the history list: public title and times only.</summary>
public sealed record PastIncident(int Id, string Title, StatusStage Stage, StatusImpact Impact, DateTime StartedAt, DateTime? ResolvedAt);

/// <summary>Which component and incident ids exist publicly, as of a time.</summary>
public sealed record PublicStatusIds(DateTime AsOf, IReadOnlySet<int> Components, IReadOnlySet<int> Incidents);
