namespace IncidentCenter.Response;

/// <summary>What an Admin submits for one severity: whole minutes, null where a target or threshold is off.</summary>
public sealed class SeverityPolicyValues
{
    public int AcknowledgeMinutes { get; set; }
    public int? TriageMinutes { get; set; }
    public int ResolveMinutes { get; set; }
    public int UpdateEveryMinutes { get; set; }
    public bool PostmortemRequired { get; set; }
    public int? EscalateLevel2Minutes { get; set; }
    public int? EscalateLevel3Minutes { get; set; }
    public int? EscalateLevel4Minutes { get; set; }

    public static SeverityPolicyValues From(SeverityPolicySetting s) => new()
    {
        AcknowledgeMinutes = s.AcknowledgeMinutes,
        TriageMinutes = s.TriageMinutes,
        ResolveMinutes = s.ResolveMinutes,
        UpdateEveryMinutes = s.UpdateEveryMinutes,
        PostmortemRequired = s.PostmortemRequired,
        EscalateLevel2Minutes = s.EscalateLevel2Minutes,
        EscalateLevel3Minutes = s.EscalateLevel3Minutes,
        EscalateLevel4Minutes = s.EscalateLevel4Minutes,
    };
}
