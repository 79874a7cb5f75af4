using IncidentCenter.Incidents;

namespace IncidentCenter.Response;

/// <summary>
/// How fast the team owes a response at one severity, and what it owes afterwards.
/// A null target means the severity has none (SEV4 has no triage target).
/// </summary>
public sealed record SeverityPolicy(
    Severity Severity,
    TimeSpan AcknowledgeWithin,
    TimeSpan? TriageWithin,
    TimeSpan ResolveWithin,
    TimeSpan UpdateEvery,
    bool PostmortemRequired)
{
    /// <summary>
    /// Defaults follow the response guides in shared/seeds: acknowledge and triage targets per level,
    /// status updates every 15–30 minutes for the worst incidents, a post-mortem for SEV1 and SEV2.
    /// The guides give response, not resolution, times; the resolve targets are ours.
    /// </summary>
    public static readonly IReadOnlyList<SeverityPolicy> Defaults =
    [
        new(Severity.Sev1, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(4), TimeSpan.FromMinutes(15), PostmortemRequired: true),
        new(Severity.Sev2, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), TimeSpan.FromMinutes(30), PostmortemRequired: true),
        new(Severity.Sev3, TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromDays(3), TimeSpan.FromHours(2), PostmortemRequired: false),
        new(Severity.Sev4, TimeSpan.FromHours(4), null, TimeSpan.FromDays(14), TimeSpan.FromHours(24), PostmortemRequired: false),
    ];

    public static SeverityPolicy Default(Severity severity) => Defaults.First(p => p.Severity == severity);
}
