using IncidentCenter.Incidents;

namespace IncidentCenter.Postmortems;

/// <param name="PublishBlockers">Why publishing is refused right now; empty when it can be published.</param>
public sealed record PostmortemView(
    int IncidentId, string Reference, string IncidentTitle, Severity Severity, IncidentState IncidentState,
    PostmortemState State, string Markdown, int Version, int TemplateId, string TemplateName, DateTime UpdatedAt, string UpdatedByName,
    DateTime? DueAt, DateTime? PublishedAt, IReadOnlyList<string> PublishBlockers);

public sealed record RevisionSummary(int Id, int Number, DateTime SavedAt, string SavedByName, string Reason);

public sealed record TemplateSummary(int Id, string Name, IReadOnlyList<Severity> DefaultFor, DateTime UpdatedAt, int Version);

public sealed record ActionItemView(
    int Id, int IncidentId, string Reference, string Title, string? OwnerId, string? OwnerName, DateOnly? DueDate,
    ActionItemState State, bool Overdue, int Version, ActionItemKind Kind = ActionItemKind.FollowUp, string IncidentTitle = "");

public sealed record PostmortemDue(int IncidentId, string Reference, string Title, Severity Severity, PostmortemState? State, DateTime DueAt, bool Overdue);

public sealed record BlameHint(int Line, string Phrase, string Suggestion);

/// <param name="Error">Mentions the line, e.g. "Line 12: ...".</param>
public sealed record TemplateCheck(bool Ok, string? Error, int? Line);

public sealed record DiffLine(char Kind, string Text);

/// <summary>Identifies the set of published post-mortems: equal sets give equal values (and the same download).</summary>
public sealed record PublishedSet(int Count, DateTime? LatestPublishedAt, long VersionSum)
{
    private string Key => $"{Count}-{LatestPublishedAt?.Ticks ?? 0}-{VersionSum}";

    /// <summary>A strong validator: the same set always gives the same bytes (entries are dated by publication).</summary>
    public string ETag => $"\"published-{Key}\"";

    public string CacheFileName => $"published-{Key}.zip";
}
