using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Intake;

/// <summary>What happened to one alert: declared, added (fired again on its open incident), repeat, resolved or ignored.</summary>
public sealed record IntakeOutcome(string Fingerprint, string Action, string? Incident);

/// <summary>
/// Turns alerts into incidents. A firing alert with no open incident for its fingerprint declares one
/// (as the token, a system actor); firing again while it still fires changes nothing but a repeat
/// count (no timeline noise); firing after it resolved adds a timeline entry to the open incident; a
/// resolved alert adds a timeline entry and leaves the incident's state to people. One transaction
/// per payload, one payload at a time (so two deliveries of a new alert cannot open two incidents).
/// </summary>
public sealed class AlertIntakeService(
    IDbContextFactory<AppDbContext> dbFactory,
    IncidentService incidents,
    IncidentNotifier notifier,
    TimeProvider clock)
{
    /// <summary>When an alert carries no severity, or one we do not know.</summary>
    public const Severity DefaultSeverity = Severity.Sev3;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public static Actor ActorFor(ApiToken token) => new($"api-token:{token.Id}", $"Alerts: {token.Name}", AppRoles.Responder);

    public async Task<IReadOnlyList<IntakeOutcome>> ProcessAsync(int tokenId, IReadOnlyList<IntakeAlert> alerts, CancellationToken ct = default)
    {
        var outcomes = new List<IntakeOutcome>();
        var changed = new Dictionary<int, IncidentChangeKind>();
        await _oneAtATime.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.RevokedAt == null, ct)
                ?? throw new ForbiddenException("The API token is not valid or has been revoked.");
            var actor = ActorFor(token);
            var now = clock.GetUtcNow().UtcDateTime;
            token.LastUsedAt = now;
            foreach (var alert in alerts)
            {
                var outcome = alert.Firing
                    ? await FiringAsync(db, actor, alert, now, changed, ct)
                    : await ResolvedAsync(db, actor, alert, now, changed, ct);
                outcomes.Add(outcome);
                // Saved per alert, so a fingerprint listed twice in one payload finds its own link.
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
        foreach (var (incidentId, kind) in changed)
        {
            await notifier.PublishAsync(new IncidentChanged(incidentId, kind));
        }
        return outcomes;
    }

    private async Task<IntakeOutcome> FiringAsync(AppDbContext db, Actor actor, IntakeAlert alert, DateTime now,
        Dictionary<int, IncidentChangeKind> changed, CancellationToken ct)
    {
        var link = await db.AlertLinks
            .Where(l => l.Fingerprint == alert.Fingerprint && db.Incidents.Any(i => i.Id == l.IncidentId && i.IsOpen))
            .OrderByDescending(l => l.Id).FirstOrDefaultAsync(ct);
        if (link is not null)
        {
            link.LastSeenAt = now;
            if (link.IsFiring)
            {
                link.RepeatCount++;
                return new IntakeOutcome(alert.Fingerprint, "repeat", IncidentReference.Format(link.IncidentId));
            }
            link.IsFiring = true;
            link.ResolvedAt = null;
            db.TimelineEntries.Add(IncidentService.SystemEntry(link.IncidentId, actor, alert.StartsAt is { } s && s <= now ? s : now,
                $"Alert {alert.Name} is firing again: {alert.Title}", keyEvent: false, recordedAt: now));
            changed.TryAdd(link.IncidentId, IncidentChangeKind.TimelineChanged);
            return new IntakeOutcome(alert.Fingerprint, "added", IncidentReference.Format(link.IncidentId));
        }

        var mapped = AlertPayloads.MapSeverity(alert.SeverityText);
        var severity = mapped ?? DefaultSeverity;
        var service = alert.ServiceName is null ? null
            : await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Name == alert.ServiceName, ct); // NOCASE
        var title = alert.Title.Length <= DeclareIncident.TitleMaxLength ? alert.Title : alert.Title[..(DeclareIncident.TitleMaxLength - 1)] + "…";
        var description = alert.Description ?? "";
        if (description.Length > DeclareIncident.DescriptionMaxLength)
        {
            description = description[..(DeclareIncident.DescriptionMaxLength - 1)] + "…";
        }
        var command = new DeclareIncident
        {
            Title = title,
            Severity = severity,
            Description = description,
            ServiceIds = service is null ? [] : [service.Id],
        };
        var detectedAt = alert.StartsAt is { } started && started <= now + IncidentService.ClockSkew ? started : now;
        var incident = await incidents.DeclareInAsync(db, actor, actor, command, detectedAt, now, ct);
        // Nobody has looked at it yet: the acknowledge target runs until a person presses Acknowledge.
        IncidentCenter.Response.ResponseService.AwaitAcknowledgement(db, incident.Id);

        var severityNote = alert.SeverityText is null
            ? $"No severity label: declared as {SeverityCatalog.Name(severity)}."
            : mapped is null
                ? $"Severity \"{alert.SeverityText}\" is not one we map: declared as {SeverityCatalog.Name(severity)}."
                : $"Severity \"{alert.SeverityText}\" → {SeverityCatalog.Name(severity)}.";
        var serviceNote = alert.ServiceName is null ? ""
            : service is null ? $" Service \"{alert.ServiceName}\" is not in the catalog." : "";
        db.TimelineEntries.Add(IncidentService.SystemEntry(incident.Id, actor, now,
            $"Opened by alert {alert.Name} ({alert.Source}, fingerprint {alert.Fingerprint}). {severityNote}{serviceNote}", keyEvent: false));
        db.AlertLinks.Add(new AlertLink
        {
            Fingerprint = alert.Fingerprint,
            IncidentId = incident.Id,
            Source = alert.Source,
            AlertName = alert.Name.Length <= AlertLink.NameMaxLength ? alert.Name : alert.Name[..AlertLink.NameMaxLength],
            IsFiring = true,
            FirstSeenAt = now,
            LastSeenAt = now,
        });
        changed[incident.Id] = IncidentChangeKind.Declared;
        return new IntakeOutcome(alert.Fingerprint, "declared", incident.Reference);
    }

    private static async Task<IntakeOutcome> ResolvedAsync(AppDbContext db, Actor actor, IntakeAlert alert, DateTime now,
        Dictionary<int, IncidentChangeKind> changed, CancellationToken ct)
    {
        // The latest incident this alert opened or joined, open or not: people may have resolved it first.
        var link = await db.AlertLinks.Where(l => l.Fingerprint == alert.Fingerprint).OrderByDescending(l => l.Id).FirstOrDefaultAsync(ct);
        if (link is null)
        {
            return new IntakeOutcome(alert.Fingerprint, "ignored", null);
        }
        link.LastSeenAt = now;
        if (!link.IsFiring)
        {
            return new IntakeOutcome(alert.Fingerprint, "repeat", IncidentReference.Format(link.IncidentId));
        }
        link.IsFiring = false;
        link.ResolvedAt = now;
        var endedAt = alert.EndsAt is { } e && e <= now ? e : now;
        db.TimelineEntries.Add(IncidentService.SystemEntry(link.IncidentId, actor, endedAt,
            $"Alert {alert.Name} resolved (ended {AlertPayloads.FormatTime(endedAt)}). The incident stays as it is until someone changes it.",
            keyEvent: false, recordedAt: now));
        changed.TryAdd(link.IncidentId, IncidentChangeKind.TimelineChanged);
        return new IntakeOutcome(alert.Fingerprint, "resolved", IncidentReference.Format(link.IncidentId));
    }
}
