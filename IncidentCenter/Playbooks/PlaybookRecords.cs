using IncidentCenter.Incidents;

namespace IncidentCenter.Playbooks;

public sealed record ChecklistItemView(int Id, string Text, bool IsChecked, DateTime? CheckedAt, string? CheckedByName);

public sealed record ChecklistView(int Id, int IncidentId, int? TemplateId, string Name, DateTime AttachedAt, string AttachedByName, IReadOnlyList<ChecklistItemView> Items)
{
    public int Done => Items.Count(i => i.IsChecked);
}

/// <param name="Changed">False when the item already was in the wanted state (someone else got there first).</param>
public sealed record TickResult(bool Changed, ChecklistItemView Item);

public sealed record ChecklistTemplateView(
    int Id, string Name, string Description, IReadOnlyList<Severity> Severities, IReadOnlyList<int> ServiceIds, IReadOnlyList<string> ServiceNames,
    IReadOnlyList<string> Items, DateTime UpdatedAt, string UpdatedByName, int Version);

public sealed class ChecklistTemplateDraft
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public List<Severity> Severities { get; set; } = [];
    public List<int> ServiceIds { get; set; } = [];

    /// <summary>One step per entry, in order; blank entries are dropped.</summary>
    public List<string> Items { get; set; } = [];
}

public sealed record RunbookSummary(int Id, string Title, IReadOnlyList<string> Keywords, IReadOnlyList<string> Services, DateTime UpdatedAt, string UpdatedByName);

public sealed record RunbookView(
    int Id, string Title, string Keywords, string Body, IReadOnlyList<int> ServiceIds, IReadOnlyList<string> ServiceNames,
    DateTime UpdatedAt, string UpdatedByName, int Version);

public sealed class RunbookDraft
{
    public string Title { get; set; } = "";
    public string? Keywords { get; set; }
    public string Body { get; set; } = "";
    public List<int> ServiceIds { get; set; } = [];
}

public sealed record RunbookRevisionSummary(int Id, int Number, DateTime SavedAt, string SavedByName, string Reason);

public sealed record RunbookRevisionView(int Id, int RunbookId, int Number, string Title, string Keywords, string Body, DateTime SavedAt, string SavedByName, string Reason);

/// <param name="Reasons">Why it was suggested, for people to judge, e.g. "Linked to service payments".</param>
public sealed record RunbookSuggestion(int Id, string Title, int Score, IReadOnlyList<string> Reasons);
