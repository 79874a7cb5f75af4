using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Notifications;
using IncidentCenter.Shared;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Response;

/// <summary>
/// Holds open incidents to their targets: records each missed target once (a breach row and a timeline
/// entry) and escalates by threshold once per level, then tells open pages. Resolved and closed incidents
/// are not evaluated. <see cref="ResponseMonitor"/> calls it periodically; tests call it with their own time.
/// </summary>
public sealed class ResponseEvaluator(
    IDbContextFactory<AppDbContext> dbFactory,
    IncidentNotifier notifier,
    ILogger<ResponseEvaluator> logger)
{
    /// <summary>The author of entries the app writes on its own.</summary>
    public static readonly Actor System = new("system", "IncidentCenter", "");

    /// <summary>Returns the ids of the incidents it changed.</summary>
    public async Task<IReadOnlyList<int>> EvaluateAsync(DateTime now, CancellationToken ct = default)
    {
        IReadOnlyList<ResponseStatus> statuses;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            statuses = await ResponseStatuses.LoadAsync(db, db.Incidents.Where(i => i.IsOpen), now, ct);
        }
        var changed = new List<int>();
        foreach (var status in statuses)
        {
            if (!HasNews(status, now))
            {
                continue;
            }
            if (await RecordAsync(status.IncidentId, now, ct))
            {
                changed.Add(status.IncidentId);
            }
        }
        foreach (var id in changed)
        {
            await notifier.PublishAsync(new IncidentChanged(id, IncidentChangeKind.Updated));
        }
        return changed;
    }

    private static bool HasNews(ResponseStatus status, DateTime now) =>
        status.NewlyMissed(now).Any() || EscalateTo(status) is not null;

    private static int? EscalateTo(ResponseStatus status) =>
        status.IsOpen && status.ThresholdLevel is { } t && t > status.Level.Level ? t : null;

    /// <summary>
    /// One incident, in its own (immediate, so serialized) transaction, from its status read again inside it:
    /// a change or a concurrent evaluation that got there first is seen, and nothing is recorded twice.
    /// </summary>
    private async Task<bool> RecordAsync(int incidentId, DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var status = (await ResponseStatuses.LoadAsync(db, db.Incidents.Where(i => i.Id == incidentId), now, ct)).SingleOrDefault();
        if (status is null || !HasNews(status, now))
        {
            return false;
        }
        var missed = status.NewlyMissed(now).ToList();
        var escalateTo = EscalateTo(status);
        var incident = await db.Incidents.FirstAsync(i => i.Id == incidentId, ct);
        var policy = (await SeverityPolicyService.SettingsAsync(db, ct)).First(p => p.Severity == incident.Severity);
        var severity = SeverityCatalog.Name(incident.Severity);
        foreach (var target in missed)
        {
            db.ResponseBreaches.Add(new ResponseBreach
            {
                IncidentId = incident.Id, Target = target.Target, Severity = incident.Severity, DueAt = target.DueAt, RecordedAt = now,
            });
            db.TimelineEntries.Add(TimelineEntry.System(incident.Id, System, now, BreachText(severity, target, status.DetectedAt), keyEvent: true));
        }
        if (escalateTo is { } level)
        {
            var info = ResponseStatuses.Level(await ResponseStatuses.LevelsAsync(db, ct), level);
            var minutes = policy.EscalationMinutes()[level - 2];
            var reason = minutes is { } m
                ? $"{severity} still unresolved {SeverityPolicyService.Minutes(m)} after detection"
                : $"{severity} still unresolved";
            db.IncidentEscalations.Add(new IncidentEscalation
            {
                IncidentId = incident.Id, Level = level, At = now, Automatic = true, ByUserId = System.UserId, ByName = System.DisplayName, Reason = reason,
            });
            var text = $"Escalated to {ResponseService.Describe(info)}: {reason}.";
            db.TimelineEntries.Add(TimelineEntry.System(incident.Id, System, now, text, keyEvent: true));
            ProcessEventOutbox.Record(db, ProcessEventKind.Escalated, incident, $"{incident.Reference} {text}", now);
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException ex)
        {
            // The status was read again under the write lock, so a concurrent evaluation cannot end up here:
            // this is a write that failed (disk, constraint). Nothing was written; the next round tries again.
            logger.LogError(ex, "Recording missed targets or an escalation of {Reference} failed; nothing written, the next round tries again.", incident.Reference);
            return false;
        }
    }

    internal static string BreachText(string severity, TargetTime target, DateTime detectedAt)
    {
        var within = SeverityPolicyService.Minutes((int)Math.Round((target.DueAt - detectedAt).TotalMinutes));
        if (target.MetAt is { } met)
        {
            var done = target.Target switch
            {
                ResponseTarget.Acknowledge => "acknowledged",
                ResponseTarget.Triage => "cause identified",
                _ => "resolved",
            };
            return $"{severity} {Name(target.Target)} target missed: {done} {Time.Duration(met - detectedAt)} after detection (target {within}).";
        }
        var what = target.Target switch
        {
            ResponseTarget.Acknowledge => "nobody acknowledged the incident",
            ResponseTarget.Triage => "the cause was not identified",
            _ => "the incident was not resolved",
        };
        return $"{severity} {Name(target.Target)} target missed: {what} within {within} of detection (due {Time.Utc(target.DueAt)}).";
    }

    public static string Name(ResponseTarget target) => target switch
    {
        ResponseTarget.Acknowledge => "acknowledge",
        ResponseTarget.Triage => "triage",
        _ => "resolve",
    };
}
