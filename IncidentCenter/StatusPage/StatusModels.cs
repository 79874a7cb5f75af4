namespace IncidentCenter.StatusPage;

/// <summary>A component's status as the public sees it; the names follow Statuspage's vocabulary.</summary>
public enum ComponentStatus
{
    Operational = 0,
    DegradedPerformance = 1,
    PartialOutage = 2,
    MajorOutage = 3,
    UnderMaintenance = 4,
}

/// <summary>The stage of a public incident, as told on the status page.</summary>
public enum StatusStage
{
    Investigating = 1,
    Identified = 2,
    Monitoring = 3,
    Resolved = 4,
}

/// <summary>How bad the incident is for customers, as declared on the status page.</summary>
public enum StatusImpact
{
    None = 0,
    Minor = 1,
    Major = 2,
    Critical = 3,
}

/// <summary>
/// A catalog service as a status-page component: its public name, optional group, whether it
/// is public at all (an Admin's choice), and its current status. One row per service, created
/// when the service is first shown on the status admin page or first given a status.
/// </summary>
public class StatusComponent
{
    public int ServiceId { get; set; }
    public string PublicName { get; set; } = "";
    public string? GroupName { get; set; }
    public bool IsPublic { get; set; }
    public int SortOrder { get; set; }
    public ComponentStatus Status { get; set; }
    public DateTime StatusChangedAt { get; set; }
    public int Version { get; set; }

    public const int NameMaxLength = 100;
}

/// <summary>
/// Every change of a component's status, kept so the 90-day history can be computed
/// (and so it can be replayed for any day).
/// </summary>
public class StatusComponentChange
{
    public int Id { get; set; }
    public int ServiceId { get; set; }
    public ComponentStatus From { get; set; }
    public ComponentStatus To { get; set; }
    public DateTime At { get; set; }

    /// <summary>The public incident that caused it, if any.</summary>
    public int? IncidentId { get; set; }
}

/// <summary>
/// The public face of an incident: created by its first published update. Its title is the
/// public one (the internal title may say more than customers should read).
/// </summary>
public class PublicIncident
{
    /// <summary>Same key as the internal incident.</summary>
    public int IncidentId { get; set; }
    public string Title { get; set; } = "";
    public StatusStage Stage { get; set; }
    public StatusImpact Impact { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }

    /// <summary>When the next update is promised by; null once resolved.</summary>
    public DateTime? NextUpdateBy { get; set; }
    public DateTime LastPublishedAt { get; set; }

    /// <summary>Optimistic concurrency: two responders publishing from the same state cannot both win.</summary>
    public int Version { get; set; }

    public List<StatusUpdate> Updates { get; set; } = [];
    public List<PublicIncidentComponent> Components { get; set; } = [];

    public const int TitleMaxLength = 200;
}

/// <summary>The components a public incident affects.</summary>
public class PublicIncidentComponent
{
    public int IncidentId { get; set; }
    public int ServiceId { get; set; }
}

/// <summary>
/// One published status update. Never edited: a correction is a new row whose
/// <see cref="CorrectionOfId"/> names the original, and the original gets <see cref="SupersededAt"/>.
/// </summary>
public class StatusUpdate
{
    public int Id { get; set; }
    public int IncidentId { get; set; }
    public StatusStage Stage { get; set; }
    public StatusImpact Impact { get; set; }

    /// <summary>Markdown, rendered with SafeMarkdown (no raw HTML) on every page and feed.</summary>
    public string Body { get; set; } = "";

    /// <summary>When it was published (server clock).</summary>
    public DateTime PublishedAt { get; set; }

    /// <summary>The time the update speaks for; earlier than PublishedAt when backdated.</summary>
    public DateTime EffectiveAt { get; set; }

    public DateTime? NextUpdateBy { get; set; }

    /// <summary>Internal only: never rendered on public pages or feeds.</summary>
    public string PublishedById { get; set; } = "";
    public string PublishedByName { get; set; } = "";

    /// <summary>True when this update moved the stage backwards (an explicit, recorded choice).</summary>
    public bool MovedBack { get; set; }

    public int? CorrectionOfId { get; set; }
    public DateTime? SupersededAt { get; set; }

    public List<StatusUpdateComponent> Components { get; set; } = [];

    public const int BodyMaxLength = 5000;

    /// <summary>Backdated by more than a minute: the page says so.</summary>
    public bool IsBackdated => PublishedAt - EffectiveAt > TimeSpan.FromMinutes(1);
}

/// <summary>A component status set by an update (the same step as publishing it).</summary>
public class StatusUpdateComponent
{
    public int StatusUpdateId { get; set; }
    public int ServiceId { get; set; }
    public ComponentStatus Status { get; set; }
}

/// <summary>The template each stage's message starts from; Admins edit them.</summary>
public class StatusTemplate
{
    public StatusStage Stage { get; set; }
    public string Body { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedByName { get; set; } = "";
    public int Version { get; set; }
}

/// <summary>
/// Someone looked at a disagreement between the public stage and the incident and chose to leave it,
/// saying why. It covers only the situation it was made for (see <see cref="StageAgreement"/>).
/// </summary>
public class StageDismissal
{
    public int Id { get; set; }
    public int IncidentId { get; set; }
    public StageDisagreement Kind { get; set; }
    public IncidentCenter.Incidents.IncidentState IncidentState { get; set; }
    public DateTime IncidentStateChangedAt { get; set; }
    public StatusStage PublicStage { get; set; }
    public int PublicVersion { get; set; }
    public string Reason { get; set; } = "";
    public DateTime DismissedAt { get; set; }
    public string DismissedById { get; set; } = "";
    public string DismissedByName { get; set; } = "";

    public const int ReasonMaxLength = 1000;

    public DismissedSituation ToSituation() => new(Kind, IncidentStateChangedAt, PublicVersion);
}
