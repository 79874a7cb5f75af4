namespace IncidentCenter.Intake;

/// <summary>
/// A bearer token for the alert endpoints. Only the SHA-256 of the token is stored; the value is
/// shown once, when an Admin creates it.
/// </summary>
public class ApiToken
{
    public const int NameMaxLength = 100;

    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of the whole token.</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>The token's first characters, so people can tell tokens apart.</summary>
    public string Prefix { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedByName { get; set; } = "";
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedByName { get; set; }
}

/// <summary>
/// Which incident an alert (by fingerprint) belongs to. While that incident is open, the same
/// alert firing again joins it instead of opening another.
/// </summary>
public class AlertLink
{
    public const int FingerprintMaxLength = 200;
    public const int NameMaxLength = 200;

    public int Id { get; set; }
    public string Fingerprint { get; set; } = "";
    public int IncidentId { get; set; }

    /// <summary>"alertmanager" or "generic".</summary>
    public string Source { get; set; } = "";
    public string AlertName { get; set; } = "";
    public bool IsFiring { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? ResolvedAt { get; set; }

    /// <summary>Firing notifications for an alert already firing: counted, not written to the timeline.</summary>
    public int RepeatCount { get; set; }
}
