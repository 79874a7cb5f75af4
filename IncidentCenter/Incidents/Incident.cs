using IncidentCenter.Catalog;

namespace IncidentCenter.Incidents;

public class Incident
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public Severity Severity { get; set; }
    public IncidentState State { get; set; }

    /// <summary>Denormalized from State so the dashboard can sort open incidents first through an index.</summary>
    public bool IsOpen { get; set; }

    public DateTime DetectedAt { get; set; }
    public DateTime DeclaredAt { get; set; }
    public DateTime StateChangedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string DeclaredById { get; set; } = "";
    public string CommanderId { get; set; } = "";
    public string CommanderName { get; set; } = "";

    /// <summary>Optimistic concurrency: every write bumps it, a stale write is refused.</summary>
    public int Version { get; set; }

    public List<IncidentServiceLink> Services { get; set; } = [];
    public List<IncidentRoleAssignment> Roles { get; set; } = [];
    public List<IncidentStateChange> StateChanges { get; set; } = [];
    public List<IncidentSeverityChange> SeverityChanges { get; set; } = [];

    public string Reference => IncidentReference.Format(Id);
}

public static class IncidentReference
{
    public const string Prefix = "INC-";

    public static string Format(int id) => Prefix + id;

    public static bool TryParse(string? text, out int id)
    {
        id = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var t = text.Trim();
        if (t.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            t = t[Prefix.Length..];
        }
        return int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) && id > 0;
    }
}

public class IncidentServiceLink
{
    public int IncidentId { get; set; }
    public int ServiceId { get; set; }
    public Service? Service { get; set; }
}

public enum IncidentRole
{
    Commander = 0,
    CommunicationsLead = 1,
    Scribe = 2,
    TechnicalLead = 3,
    Responder = 4,
}

public static class IncidentRoles
{
    public static string Label(IncidentRole role) => role switch
    {
        IncidentRole.Commander => "Incident Commander",
        IncidentRole.CommunicationsLead => "Communications Lead",
        IncidentRole.TechnicalLead => "Technical Lead",
        IncidentRole.Scribe => "Scribe",
        _ => "Responder",
    };

    /// <summary>Every role but Responder is held by one person at a time.</summary>
    public static bool IsSingleHolder(IncidentRole role) => role != IncidentRole.Responder;
}

public class IncidentRoleAssignment
{
    public int Id { get; set; }
    public int IncidentId { get; set; }
    public IncidentRole Role { get; set; }
    public string UserId { get; set; } = "";
    public string UserName { get; set; } = "";
    public DateTime AssignedAt { get; set; }
}

/// <summary>Every lifecycle move, kept for time-to-identify/mitigate/resolve figures.</summary>
public class IncidentStateChange
{
    public int Id { get; set; }
    public int IncidentId { get; set; }
    public IncidentState? From { get; set; }
    public IncidentState To { get; set; }
    public DateTime At { get; set; }
    public string ByUserId { get; set; } = "";
    public string? Reason { get; set; }
}

public class IncidentSeverityChange
{
    public int Id { get; set; }
    public int IncidentId { get; set; }
    public Severity? From { get; set; }
    public Severity To { get; set; }
    public DateTime At { get; set; }
    public string ByUserId { get; set; } = "";
    public string? Reason { get; set; }
}
