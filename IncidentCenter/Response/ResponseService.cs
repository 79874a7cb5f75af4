using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Notifications;
using IncidentCenter.Shared;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Response;

/// <summary>
/// The response process on one incident: where it stands against its targets, acknowledging it, and
/// escalating it by hand. Missed targets and threshold escalations are recorded by <see cref="ResponseEvaluator"/>.
/// </summary>
public sealed class ResponseService(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    IncidentNotifier notifier,
    TimeProvider clock)
{
    /// <summary>
    /// For alert intake, in the caller's transaction: an incident declared by the system (not by a
    /// person) is not acknowledged until someone presses Acknowledge.
    /// </summary>
    public static void AwaitAcknowledgement(AppDbContext db, int incidentId) =>
        db.IncidentResponses.Add(new IncidentResponse { IncidentId = incidentId, AwaitingAcknowledgement = true });

    public async Task<ResponseStatus> GetStatusAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var statuses = await ResponseStatuses.LoadAsync(db, db.Incidents.Where(i => i.Id == incidentId), Now(), ct);
        return statuses.Count == 1 ? statuses[0] : throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
    }

    /// <summary>Statuses of several incidents at once (a dashboard page), keyed by incident id.</summary>
    public async Task<IReadOnlyDictionary<int, ResponseStatus>> GetStatusesAsync(ClaimsPrincipal user, IReadOnlyCollection<int> incidentIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        if (incidentIds.Count == 0)
        {
            return new Dictionary<int, ResponseStatus>();
        }
        var ids = incidentIds.ToList();
        var statuses = await ResponseStatuses.LoadAsync(db, db.Incidents.Where(i => ids.Contains(i.Id)), Now(), ct);
        return statuses.ToDictionary(s => s.IncidentId);
    }

    /// <summary>Someone has picked the incident up: records when and who, with a timeline entry.</summary>
    public async Task AcknowledgeAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        if (!incident.IsOpen)
        {
            throw new ValidationFailedException($"{incident.Reference} is {incident.State}: there is nothing to acknowledge.");
        }
        var response = await db.IncidentResponses.FirstOrDefaultAsync(r => r.IncidentId == incidentId, ct);
        if (response is not { AwaitingAcknowledgement: true } || response.AcknowledgedAt is not null)
        {
            var by = response?.AcknowledgedByName is { } name ? $" by {name}" : " when it was declared";
            throw new ValidationFailedException($"{incident.Reference} was already acknowledged{by}.");
        }
        var now = Now();
        response.AcknowledgedAt = now;
        response.AcknowledgedById = actor.UserId;
        response.AcknowledgedByName = actor.DisplayName;
        db.TimelineEntries.Add(TimelineEntry.System(incidentId, actor, now,
            $"Acknowledged by {actor.DisplayName}, {Time.Duration(now - incident.DetectedAt)} after detection.", keyEvent: true));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.Updated));
    }

    /// <summary>
    /// Moves the incident one escalation level up, with a reason. <paramref name="expectedLevel"/> is the
    /// level the caller saw, so two people pressing Escalate at once do not skip a level.
    /// </summary>
    public async Task<int> EscalateAsync(ClaimsPrincipal user, int incidentId, int expectedLevel, string? reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new ValidationFailedException("Say why you escalate: the next level reads it first.");
        }
        if (trimmed.Length > IncidentEscalation.ReasonMaxLength)
        {
            throw new ValidationFailedException($"The reason can be at most {IncidentEscalation.ReasonMaxLength} characters.");
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId, ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        if (!incident.IsOpen)
        {
            throw new ValidationFailedException($"{incident.Reference} is {incident.State}: only open incidents are escalated.");
        }
        var current = await db.IncidentEscalations.Where(e => e.IncidentId == incidentId).MaxAsync(e => (int?)e.Level, ct) ?? 1;
        if (current != expectedLevel)
        {
            throw new ConcurrencyConflictException($"{incident.Reference} is already at level {current}: someone escalated it while you were looking. Check the page and escalate again if it is still needed.");
        }
        if (current >= EscalationDefaults.Levels)
        {
            throw new ValidationFailedException($"{incident.Reference} is at the top level already.");
        }
        var now = Now();
        var level = ResponseStatuses.Level(await ResponseStatuses.LevelsAsync(db, ct), current + 1);
        var escalation = new IncidentEscalation
        {
            IncidentId = incidentId, Level = level.Level, At = now, Automatic = false,
            ByUserId = actor.UserId, ByName = actor.DisplayName, Reason = trimmed,
        };
        db.IncidentEscalations.Add(escalation);
        var text = $"Escalated to {Describe(level)} by {actor.DisplayName}. Reason: {trimmed}";
        db.TimelineEntries.Add(TimelineEntry.System(incidentId, actor, now, text, keyEvent: true));
        ProcessEventOutbox.Record(db, ProcessEventKind.Escalated, incident, $"{incident.Reference} {text}", now);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConcurrencyConflictException($"{incident.Reference} was escalated by someone else at the same moment. Check the page and escalate again if it is still needed.");
        }
        await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.Updated));
        return level.Level;
    }

    internal static string Describe(LevelInfo level) =>
        $"level {level.Level}, {level.Name}" + (string.IsNullOrWhiteSpace(level.Contact) ? "" : $" ({level.Contact})");

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
