using IncidentCenter.Incidents;

namespace IncidentCenter.StatusPage;

/// <summary>A component's new status, set by the update that is published.</summary>
public sealed record ComponentChoice(int ServiceId, ComponentStatus Status);

/// <summary>What a responder publishes from the composer.</summary>
public sealed class PublishStatusUpdate
{
    /// <summary>The public incident's Version the responder composed against; null when nothing was published yet.</summary>
    public int? ExpectedVersion { get; set; }
    public StatusStage Stage { get; set; } = StatusStage.Investigating;
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public StatusImpact Impact { get; set; }
    public List<ComponentChoice> Components { get; set; } = [];
    public DateTime? NextUpdateBy { get; set; }

    /// <summary>Backdating: the time the update speaks for; null means now.</summary>
    public DateTime? EffectiveAt { get; set; }

    /// <summary>The explicit choice to move the public stage backwards, with its reason.</summary>
    public bool MoveBack { get; set; }
    public string? MoveBackReason { get; set; }

    /// <summary>The responder saw the stage-check warnings and publishes anyway.</summary>
    public bool AcknowledgeWarnings { get; set; }

    /// <summary>
    /// A Resolved update on an open incident also resolves the incident, in the same transaction (the
    /// default: the public page and the incident must tell the same story). Ignored for other stages.
    /// </summary>
    public bool ResolveIncident { get; set; } = true;
}

public sealed record ComponentSettings(string PublicName, string? GroupName, int SortOrder, bool IsPublic);

/// <summary>A catalog service as a status-page component; Version is null while it has no row yet.</summary>
public sealed record StatusComponentRow(
    int ServiceId, string ServiceName, string PublicName, string? GroupName, int SortOrder, bool IsPublic,
    ComponentStatus Status, DateTime? StatusChangedAt, int? Version);

public sealed record StatusUpdateComponentView(int ServiceId, string Name, ComponentStatus Status);

/// <summary>A published update as the internal pages show it (with who published it).</summary>
public sealed record StatusUpdateView(
    int Id, StatusStage Stage, StatusImpact Impact, string Body, DateTime PublishedAt, DateTime EffectiveAt, DateTime? NextUpdateBy,
    string PublishedByName, bool MovedBack, int? CorrectionOfId, DateTime? SupersededAt, string? OriginalBody,
    IReadOnlyList<StatusUpdateComponentView> Components)
{
    public bool IsCorrection => CorrectionOfId is not null;
    public bool IsSuperseded => SupersededAt is not null;
}

/// <summary>The public side of one incident, for its internal page and the composer.</summary>
public sealed record IncidentStatusView(
    int IncidentId,
    string Reference,
    string IncidentTitle,
    Severity Severity,
    IncidentState State,
    DateTime DetectedAt,
    PublicIncidentInfo? Public,
    IReadOnlyList<StatusUpdateView> Updates,
    IReadOnlyList<int> IncidentServiceIds,
    IReadOnlyList<StatusComponentRow> Components,
    IReadOnlyDictionary<StatusStage, string> Templates,
    StatusCadence Cadence,
    StageFlag? Disagreement = null);

public sealed record PublicIncidentInfo(string Title, StatusStage Stage, StatusImpact Impact, DateTime StartedAt, DateTime? ResolvedAt,
    DateTime? NextUpdateBy, DateTime LastPublishedAt, int Version, IReadOnlyList<int> ComponentIds);

public sealed record StatusDue(int IncidentId, DateTime DueAt, bool IsOverdue);

public sealed record StakeholderMessages(string Internal, string Customer);

public sealed record StatusTemplateView(StatusStage Stage, string Body, DateTime UpdatedAt, string UpdatedByName, int Version);
