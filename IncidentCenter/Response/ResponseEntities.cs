using IncidentCenter.Incidents;

namespace IncidentCenter.Response;

/// <summary>The targets a responding team owes an open incident, in the order they fall due.</summary>
public enum ResponseTarget
{
    Acknowledge = 1,
    Triage = 2,
    Resolve = 3,
}

/// <summary>
/// The severity policy as Admins edit it: one row per severity, durations in whole minutes, and the
/// minutes after detection at which an unresolved incident reaches escalation levels 2 to 4.
/// </summary>
public class SeverityPolicySetting
{
    public Severity Severity { get; set; }
    public int AcknowledgeMinutes { get; set; }
    public int? TriageMinutes { get; set; }
    public int ResolveMinutes { get; set; }
    public int UpdateEveryMinutes { get; set; }
    public bool PostmortemRequired { get; set; }
    public int? EscalateLevel2Minutes { get; set; }
    public int? EscalateLevel3Minutes { get; set; }
    public int? EscalateLevel4Minutes { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedByName { get; set; } = "";
    public int Version { get; set; }

    public SeverityPolicy ToPolicy() => new(
        Severity,
        TimeSpan.FromMinutes(AcknowledgeMinutes),
        TriageMinutes is { } t ? TimeSpan.FromMinutes(t) : null,
        TimeSpan.FromMinutes(ResolveMinutes),
        TimeSpan.FromMinutes(UpdateEveryMinutes),
        PostmortemRequired);

    /// <summary>Minutes after detection for levels 2, 3 and 4 (index 0 is level 2); null means never automatically.</summary>
    public int?[] EscalationMinutes() => [EscalateLevel2Minutes, EscalateLevel3Minutes, EscalateLevel4Minutes];
}

/// <summary>Who an incident goes to at each escalation level (1 is where every incident starts).</summary>
public class EscalationLevel
{
    public const int NameMaxLength = 100;
    public const int ContactMaxLength = 300;

    public int Level { get; set; }
    public string Name { get; set; } = "";
    public string Contact { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedByName { get; set; } = "";
    public int Version { get; set; }
}

/// <summary>
/// Response bookkeeping for one incident, kept beside (not in) the Incidents table. No row means the
/// incident was declared by a person and so acknowledged at declaration; alert intake adds a row that
/// waits for someone to press Acknowledge (<see cref="ResponseService.AwaitAcknowledgement"/>).
/// </summary>
public class IncidentResponse
{
    public int IncidentId { get; set; }
    public bool AwaitingAcknowledgement { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgedById { get; set; }
    public string? AcknowledgedByName { get; set; }
}

/// <summary>A target that passed; at most one per target and incident (a unique index holds it to that).</summary>
public class ResponseBreach
{
    public int Id { get; set; }
    public int IncidentId { get; set; }
    public ResponseTarget Target { get; set; }
    public Severity Severity { get; set; }
    public DateTime DueAt { get; set; }
    public DateTime RecordedAt { get; set; }
}

/// <summary>An incident reaching an escalation level, by hand or by threshold; at most one per level.</summary>
public class IncidentEscalation
{
    public const int ReasonMaxLength = 1000;

    public int Id { get; set; }
    public int IncidentId { get; set; }
    public int Level { get; set; }
    public DateTime At { get; set; }
    public bool Automatic { get; set; }
    public string ByUserId { get; set; } = "";
    public string ByName { get; set; } = "";
    public string? Reason { get; set; }
}
