using IncidentCenter.Incidents;

namespace IncidentCenter.Response;

/// <summary>The escalation defaults (the guides' path and its 30-minute first step), as the migration seeds them.</summary>
public static class EscalationDefaults
{
    public const int Levels = 4;

    /// <summary>Minutes after detection to reach levels 2, 3 and 4 per severity; null: never by threshold.</summary>
    public static readonly IReadOnlyDictionary<Severity, int?[]> Thresholds = new Dictionary<Severity, int?[]>
    {
        [Severity.Sev1] = [30, 60, 120],
        [Severity.Sev2] = [60, 120, null],
        [Severity.Sev3] = [240, null, null],
        [Severity.Sev4] = [null, null, null],
    };

    public static readonly IReadOnlyList<(int Level, string Name, string Contact)> LevelNames =
    [
        (1, "On-call engineer", "Whoever holds the on-call rota for the affected service"),
        (2, "Team lead or senior engineer", "Lead of the team that owns the affected service"),
        (3, "Engineering manager", "Engineering manager on duty"),
        (4, "CTO / VP Engineering", "CTO or VP Engineering"),
    ];
}
