using IncidentCenter.Data;
using IncidentCenter.Incidents;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Response;

/// <summary>
/// One target of an incident: due so long after detection, met when it happened. A target is missed
/// once the time is strictly past its due time without it being met, or when it was met after it.
/// </summary>
public sealed record TargetTime(ResponseTarget Target, DateTime DueAt, DateTime? MetAt)
{
    public bool IsMet => MetAt is not null;

    public bool IsMissed(DateTime now) => (MetAt ?? now) > DueAt;
}

/// <summary>An escalation level with who it reaches.</summary>
public sealed record LevelInfo(int Level, string Name, string Contact);

/// <summary>
/// Where an incident stands against its severity's targets and escalation path. All targets are
/// measured from detection (the declare form's "Detected at", which defaults to the declaration time):
/// acknowledge (met at declaration for an incident a person declared, otherwise when someone presses
/// Acknowledge), triage (met when the incident first reached Identified or a later state; SEV4 has
/// none by default) and resolve (met while the incident is Resolved or Closed; a reopen un-meets it).
/// </summary>
public sealed record ResponseStatus(
    int IncidentId,
    Severity Severity,
    bool IsOpen,
    DateTime DetectedAt,
    DateTime? AcknowledgedAt,
    string? AcknowledgedByName,
    bool AwaitingAcknowledgement,
    IReadOnlyList<TargetTime> Targets,
    IReadOnlyList<ResponseTarget> RecordedBreaches,
    LevelInfo Level,
    IncidentEscalation? LastEscalation,
    LevelInfo? NextLevel,
    DateTime? NextLevelAt,
    int? ThresholdLevel)
{
    /// <summary>The first target not yet met while the incident is open: acknowledge, then triage, then resolve.</summary>
    public TargetTime? Current => IsOpen ? Targets.FirstOrDefault(t => !t.IsMet) : null;

    public bool IsAcknowledged => AcknowledgedAt is not null;

    /// <summary>Targets missed by <paramref name="now"/> and not recorded yet; only open incidents are held to them.</summary>
    public IEnumerable<TargetTime> NewlyMissed(DateTime now) =>
        IsOpen ? Targets.Where(t => t.IsMissed(now) && !RecordedBreaches.Contains(t.Target)) : [];
}

/// <summary>Loads <see cref="ResponseStatus"/> for a set of incidents with a fixed number of queries.</summary>
public static class ResponseStatuses
{
    public static async Task<IReadOnlyList<ResponseStatus>> LoadAsync(AppDbContext db, IQueryable<Incident> incidents, DateTime now, CancellationToken ct)
    {
        var facts = await incidents.AsNoTracking()
            .Select(i => new { i.Id, i.Severity, i.State, i.DetectedAt, i.DeclaredAt, i.ResolvedAt })
            .ToListAsync(ct);
        if (facts.Count == 0)
        {
            return [];
        }
        var ids = facts.Select(f => f.Id).ToList();
        var responses = await db.IncidentResponses.AsNoTracking().Where(r => ids.Contains(r.IncidentId)).ToDictionaryAsync(r => r.IncidentId, ct);
        var triageMoves = await db.IncidentStateChanges.AsNoTracking()
            .Where(s => ids.Contains(s.IncidentId) && s.From != null && s.To != IncidentState.Investigating)
            .Select(s => new { s.IncidentId, s.At })
            .ToListAsync(ct);
        var triaged = triageMoves.GroupBy(s => s.IncidentId).ToDictionary(g => g.Key, g => g.Min(s => s.At));
        var breaches = (await db.ResponseBreaches.AsNoTracking().Where(b => ids.Contains(b.IncidentId)).Select(b => new { b.IncidentId, b.Target }).ToListAsync(ct))
            .ToLookup(b => b.IncidentId, b => b.Target);
        var escalations = (await db.IncidentEscalations.AsNoTracking().Where(e => ids.Contains(e.IncidentId)).ToListAsync(ct))
            .ToLookup(e => e.IncidentId);
        var policies = (await SeverityPolicyService.SettingsAsync(db, ct)).ToDictionary(p => p.Severity);
        var levels = await LevelsAsync(db, ct);

        return facts.Select(f => Compute(
                f.Id, f.Severity, IncidentLifecycle.IsOpen(f.State), f.DetectedAt, f.DeclaredAt, f.ResolvedAt,
                responses.GetValueOrDefault(f.Id), triaged.TryGetValue(f.Id, out var t) ? t : null,
                policies[f.Severity], breaches[f.Id].ToList(), escalations[f.Id].ToList(), levels, now))
            .ToList();
    }

    internal static async Task<IReadOnlyList<LevelInfo>> LevelsAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await db.EscalationLevels.AsNoTracking().OrderBy(l => l.Level).Select(l => new LevelInfo(l.Level, l.Name, l.Contact)).ToListAsync(ct);
        return EscalationDefaults.LevelNames
            .Select(d => rows.FirstOrDefault(r => r.Level == d.Level) ?? new LevelInfo(d.Level, d.Name, d.Contact))
            .ToList();
    }

    public static ResponseStatus Compute(
        int incidentId, Severity severity, bool isOpen, DateTime detectedAt, DateTime declaredAt, DateTime? resolvedAt,
        IncidentResponse? response, DateTime? triagedAt, SeverityPolicySetting policy,
        IReadOnlyList<ResponseTarget> breaches, IReadOnlyList<IncidentEscalation> escalations, IReadOnlyList<LevelInfo> levels, DateTime now)
    {
        var awaiting = response is { AwaitingAcknowledgement: true };
        var acknowledgedAt = response?.AcknowledgedAt ?? (awaiting ? null : declaredAt);
        var targets = new List<TargetTime>
        {
            new(ResponseTarget.Acknowledge, detectedAt.AddMinutes(policy.AcknowledgeMinutes), acknowledgedAt),
        };
        if (policy.TriageMinutes is { } triage)
        {
            targets.Add(new(ResponseTarget.Triage, detectedAt.AddMinutes(triage), triagedAt));
        }
        targets.Add(new(ResponseTarget.Resolve, detectedAt.AddMinutes(policy.ResolveMinutes), isOpen ? null : resolvedAt ?? now));

        var last = escalations.OrderByDescending(e => e.Level).FirstOrDefault();
        var current = last?.Level ?? 1;
        var thresholds = policy.EscalationMinutes();
        int? thresholdLevel = null;
        LevelInfo? next = null;
        DateTime? nextAt = null;
        for (var level = 2; level <= EscalationDefaults.Levels; level++)
        {
            if (thresholds[level - 2] is not { } minutes)
            {
                continue;
            }
            var at = detectedAt.AddMinutes(minutes);
            if (now >= at)
            {
                thresholdLevel = level;
            }
            else if (level > current && next is null)
            {
                next = Level(levels, level);
                nextAt = at;
            }
        }
        return new ResponseStatus(incidentId, severity, isOpen, detectedAt, acknowledgedAt,
            response?.AcknowledgedByName, awaiting && acknowledgedAt is null, targets, breaches,
            Level(levels, current), last, isOpen ? next : null, isOpen ? nextAt : null, thresholdLevel);
    }

    public static LevelInfo Level(IReadOnlyList<LevelInfo> levels, int level) =>
        levels.FirstOrDefault(l => l.Level == level) ?? new LevelInfo(level, $"Level {level}", "");
}
