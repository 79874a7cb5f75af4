using IncidentCenter.Incidents;

namespace IncidentCenter.Postmortems;

public enum PostmortemState
{
    Draft = 0,
    InReview = 1,
    Published = 2,
}

public enum ActionItemState
{
    Open = 0,
    InProgress = 1,
    Done = 2,
}

/// <summary>Tasks are worked during the incident; follow-ups come after it and are what post-mortems list.</summary>
public enum ActionItemKind
{
    FollowUp = 0,
    Task = 1,
}

/// <summary>Handlebars Markdown from which post-mortems are generated; Admins edit them.</summary>
public class PostmortemTemplate
{
    public const int NameMaxLength = 100;
    public const int BodyMaxLength = 100_000;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedByName { get; set; } = "";
    public int Version { get; set; }
}

/// <summary>Which template a new post-mortem starts from, per severity.</summary>
public class PostmortemTemplateDefault
{
    public Severity Severity { get; set; }
    public int TemplateId { get; set; }
}

/// <summary>One per incident. <see cref="Markdown"/> is the whole document, LF line endings.</summary>
public class Postmortem
{
    public const int MarkdownMaxLength = 1_000_000;

    public int Id { get; set; }
    public int IncidentId { get; set; }
    public int TemplateId { get; set; }
    public PostmortemState State { get; set; }
    public string Markdown { get; set; } = "";

    /// <summary>Optimistic concurrency: every write bumps it, a stale write is refused.</summary>
    public int Version { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedByName { get; set; } = "";
    public DateTime? DueAt { get; set; }
    public DateTime? ReviewRequestedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
}

/// <summary>The document as it was after one save; restoring one writes a new revision.</summary>
public class PostmortemRevision
{
    public int Id { get; set; }
    public int PostmortemId { get; set; }
    public int Number { get; set; }
    public string Markdown { get; set; } = "";
    public DateTime SavedAt { get; set; }
    public string SavedById { get; set; } = "";
    public string SavedByName { get; set; } = "";

    /// <summary>One of <see cref="RevisionReasons"/>.</summary>
    public string Reason { get; set; } = "";
}

public static class RevisionReasons
{
    public const string Generated = "generated";
    public const string Saved = "saved";
    public const string Autosaved = "autosaved";
    public const string Refreshed = "refreshed";
    public const string Restored = "restored";
    public const string InReview = "in review";
    public const string Published = "published";
    public const string ReturnedToDraft = "returned to draft";
}

/// <summary>
/// A task during an incident or a follow-up from it (see <see cref="ActionItemKind"/>); it lives outside the
/// post-mortem document, which shows the follow-ups' current state.
/// </summary>
public class ActionItem
{
    public const int TitleMaxLength = 300;

    public int Id { get; set; }
    public int IncidentId { get; set; }
    public string Title { get; set; } = "";
    public string? OwnerId { get; set; }
    public string? OwnerName { get; set; }
    public DateOnly? DueDate { get; set; }
    public ActionItemState State { get; set; }
    public ActionItemKind Kind { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }
}
