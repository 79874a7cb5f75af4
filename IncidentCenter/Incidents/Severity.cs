namespace IncidentCenter.Incidents;

public enum Severity
{
    Sev1 = 1,
    Sev2 = 2,
    Sev3 = 3,
    Sev4 = 4,
}

/// <summary>What a severity level means and how fast the team owes a response.</summary>
public sealed record SeverityLevel(
    Severity Severity,
    string Name,
    string Meaning,
    string Examples,
    TimeSpan AcknowledgeWithin,
    TimeSpan? TriageWithin,
    string ResponseTarget,
    string Communication,
    string Team)
{
    public string Label => $"{Name}";
}

/// <summary>
/// Defaults drawn from the incident-response guides the product follows (shared/seeds):
/// four levels, acknowledge/triage targets, and who is pulled in.
/// </summary>
public static class SeverityCatalog
{
    public static readonly IReadOnlyList<SeverityLevel> Levels =
    [
        new(Severity.Sev1, "SEV1", "Critical: the service is down for everyone, data is lost or exposed, or payments fail.",
            "API or database unreachable, sign-in broken for all, data breach",
            TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), "Respond immediately",
            "Status page right away; stakeholders informed", "Everyone needed, now"),
        new(Severity.Sev2, "SEV2", "High: a major feature is broken or most users see errors or slowness.",
            "Payments failing for some, error rate above 10 %, severe slowdown",
            TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), "Respond within 1 hour",
            "Status page and affected users", "On-call engineer and the owning team's lead"),
        new(Severity.Sev3, "SEV3", "Medium: a minor feature is degraded for some users; the product is usable.",
            "Slow reports, delayed emails, non-critical API errors",
            TimeSpan.FromHours(1), TimeSpan.FromHours(2), "Respond within 4 hours",
            "Internal only", "On-call engineer"),
        new(Severity.Sev4, "SEV4", "Low: cosmetic or minor, with a workaround; no functional impact.",
            "UI glitch, typo, documentation gap",
            TimeSpan.FromHours(4), null, "Next business day",
            "Ticket", "Regular planning"),
    ];

    public static SeverityLevel Get(Severity severity) => Levels.First(l => l.Severity == severity);

    public static string Name(Severity severity) => Get(severity).Name;
}
