namespace IncidentCenter.Timeline;

public enum TimelineEntryKind
{
    Note = 0,
    Action = 1,
    Decision = 2,
    Observation = 3,

    /// <summary>Written by the app itself when something about the incident changes.</summary>
    System = 10,
}

public static class TimelineEntryKinds
{
    public static readonly IReadOnlyList<TimelineEntryKind> Writable =
        [TimelineEntryKind.Note, TimelineEntryKind.Action, TimelineEntryKind.Decision, TimelineEntryKind.Observation];

    public static string Label(TimelineEntryKind kind) => kind switch
    {
        TimelineEntryKind.Action => "Action taken",
        TimelineEntryKind.System => "Update",
        _ => kind.ToString(),
    };
}

public class TimelineEntry
{
    /// <summary>
    /// An entry the app writes itself when something about the incident changes (declared, state,
    /// severity, roles, checklists, status updates, alerts, escalation). Every feature makes them here.
    /// </summary>
    /// <param name="recordedAt">When it was written, if not <paramref name="at"/> (a backdated detection time).</param>
    public static TimelineEntry System(int incidentId, Accounts.Actor actor, DateTime at, string text, bool keyEvent, DateTime? recordedAt = null) => new()
    {
        IncidentId = incidentId,
        Kind = TimelineEntryKind.System,
        Text = text,
        OccurredAt = at,
        RecordedAt = recordedAt ?? at,
        AuthorId = actor.UserId,
        AuthorName = actor.DisplayName,
        IsKeyEvent = keyEvent,
    };

    public int Id { get; set; }
    public int IncidentId { get; set; }
    public TimelineEntryKind Kind { get; set; }
    public string Text { get; set; } = "";

    /// <summary>When it happened; may be earlier than <see cref="RecordedAt"/> for backfilled events.</summary>
    public DateTime OccurredAt { get; set; }
    public DateTime RecordedAt { get; set; }
    public string AuthorId { get; set; } = "";
    public string AuthorName { get; set; } = "";
    public bool IsKeyEvent { get; set; }
    public DateTime? EditedAt { get; set; }
    public bool IsDeleted { get; set; }
    public int Version { get; set; }

    /// <summary>Set when an Admin purged the content (a leaked secret): the text is gone for good.</summary>
    public DateTime? PurgedAt { get; set; }
    public string? PurgedById { get; set; }
    public string? PurgedByName { get; set; }
    public string? PurgeReason { get; set; }

    public List<TimelineEntryRevision> Revisions { get; set; } = [];
}

/// <summary>The content an entry had before an edit or deletion replaced it.</summary>
public class TimelineEntryRevision
{
    public int Id { get; set; }
    public int EntryId { get; set; }
    public TimelineEntryKind Kind { get; set; }
    public string Text { get; set; } = "";
    public DateTime OccurredAt { get; set; }
    public bool IsKeyEvent { get; set; }
    public string Change { get; set; } = "";
    public DateTime ChangedAt { get; set; }
    public string ChangedById { get; set; } = "";
    public string ChangedByName { get; set; } = "";

    public DateTime? PurgedAt { get; set; }
    public string? PurgedById { get; set; }
    public string? PurgedByName { get; set; }
    public string? PurgeReason { get; set; }
}
