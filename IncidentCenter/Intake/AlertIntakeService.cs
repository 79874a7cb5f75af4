using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Intake;

/// <summary>What happened to one alert: declared, added (fired again on its open incident), storm (joined the token's alert-storm incident), repeat, resolved or ignored.</summary>
public sealed record IntakeOutcome(string Fingerprint, string Action, string? Incident);

/// <summary>Limits on what one API token can do (configuration section "Intake").</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>Alert requests a token may send per minute; beyond it, 429 with Retry-After.</summary>
    public int RequestsPerMinutePerToken { get; set; } = 60;

    /// <summary>Open incidents a token may declare within <see cref="StormWindowMinutes"/>; further new alerts join one "alert storm" incident.</summary>
    public int MaxOpenIncidentsPerToken { get; set; } = 10;

    public int StormWindowMinutes { get; set; } = 60;
}

/// <summary>
/// Turns alerts into incidents. A firing alert with no open incident for its fingerprint declares one
/// (as the token, a system actor); firing again while it still fires changes nothing but a repeat
/// count (no timeline noise); firing after it resolved adds a timeline entry to the open incident; a
/// resolved alert adds a timeline entry and leaves the incident's state to people. One transaction
/// per payload, one payload at a time (so two deliveries of a new alert cannot open two incidents).
/// A token that has declared <see cref="IntakeOptions.MaxOpenIncidentsPerToken"/> open incidents within
/// the window opens no more: further new alerts join its one "alert storm" incident, with one timeline
/// entry per payload listing them, so a storm of 1,000 alerts is a bounded amount of work and noise.
/// </summary>
public sealed class AlertIntakeService(
    IDbContextFactory<AppDbContext> dbFactory,
    IncidentService incidents,
    IncidentNotifier notifier,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<IntakeOptions> options)
{
    /// <summary>The storm incident is found through a link with this fingerprint (no alert sends it: it names the token).</summary>
    public static string StormFingerprint(int tokenId) => $"alert-storm:api-token:{tokenId}";

    /// <summary>At most this many alerts are named in a storm's timeline entry; the rest are counted.</summary>
    public const int StormEntryNamedAlerts = 20;

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
            var storm = await StormAsync(db, token, actor, now, ct);
            foreach (var alert in alerts)
            {
                var outcome = alert.Firing
                    ? await FiringAsync(db, actor, alert, now, changed, storm, ct)
                    : await ResolvedAsync(db, actor, alert, now, changed, storm, ct);
                outcomes.Add(outcome);
            }
            storm.WriteEntries(db, actor, now, changed);
            await db.SaveChangesAsync(ct);
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

    /// <summary>How many incidents the token may still declare, and its open storm incident, if any.</summary>
    private async Task<Storm> StormAsync(AppDbContext db, ApiToken token, Actor actor, DateTime now, CancellationToken ct)
    {
        var limits = options.Value;
        var since = now - TimeSpan.FromMinutes(limits.StormWindowMinutes);
        var declared = await db.Incidents.CountAsync(i => i.IsOpen && i.DeclaredById == actor.UserId && i.DeclaredAt >= since, ct);
        var fingerprint = StormFingerprint(token.Id);
        var open = await db.AlertLinks
            .Where(l => l.Fingerprint == fingerprint && db.Incidents.Any(i => i.Id == l.IncidentId && i.IsOpen))
            .OrderByDescending(l => l.Id).Select(l => (int?)l.IncidentId).FirstOrDefaultAsync(ct);
        return new Storm(token, Math.Max(0, limits.MaxOpenIncidentsPerToken - declared), limits) { IncidentId = open };
    }

    private async Task<IntakeOutcome> FiringAsync(AppDbContext db, Actor actor, IntakeAlert alert, DateTime now,
        Dictionary<int, IncidentChangeKind> changed, Storm storm, CancellationToken ct)
    {
        // A fingerprint listed twice in one payload finds the link made for it earlier in the payload (not saved
        // yet: the payload is saved once, at the end of its transaction).
        var link = storm.NewLinks.GetValueOrDefault(alert.Fingerprint) ?? await db.AlertLinks
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
            if (link.IncidentId == storm.IncidentId)
            {
                storm.FiringAgain.Add(alert);
                return new IntakeOutcome(alert.Fingerprint, "added", IncidentReference.Format(link.IncidentId));
            }
            db.TimelineEntries.Add(TimelineEntry.System(link.IncidentId, actor, alert.StartsAt is { } s && s <= now ? s : now,
                $"Alert {alert.Name} is firing again: {alert.Title}", keyEvent: false, recordedAt: now));
            changed.TryAdd(link.IncidentId, IncidentChangeKind.TimelineChanged);
            return new IntakeOutcome(alert.Fingerprint, "added", IncidentReference.Format(link.IncidentId));
        }

        if (storm.Remaining == 0)
        {
            return await JoinStormAsync(db, actor, alert, now, changed, storm, ct);
        }
        storm.Remaining--;

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
        var detectedAt = alert.StartsAt is { } started && started <= now + ClockSkew.Allowed ? started : now;
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
        db.TimelineEntries.Add(TimelineEntry.System(incident.Id, actor, now,
            $"Opened by alert {alert.Name} ({alert.Source}, fingerprint {alert.Fingerprint}). {severityNote}{serviceNote}", keyEvent: false));
        db.AlertLinks.Add(storm.NewLinks[alert.Fingerprint] = new AlertLink
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

    /// <summary>A new alert beyond the token's cap: linked to the storm incident (declared on the first one), listed in the payload's one entry.</summary>
    private async Task<IntakeOutcome> JoinStormAsync(AppDbContext db, Actor actor, IntakeAlert alert, DateTime now,
        Dictionary<int, IncidentChangeKind> changed, Storm storm, CancellationToken ct)
    {
        if (storm.IncidentId is not { } stormId)
        {
            var title = AlertPayloads.Clip($"Alert storm: {storm.Token.Name}", DeclareIncident.TitleMaxLength)!;
            var incident = await incidents.DeclareInAsync(db, actor, actor, new DeclareIncident
            {
                Title = title,
                Severity = DefaultSeverity,
                Description = $"The API token \"{storm.Token.Name}\" declared {storm.Limits.MaxOpenIncidentsPerToken} open incidents within {storm.Limits.StormWindowMinutes} minutes. "
                    + "Further new alerts from it join this incident instead of opening one each; its timeline lists them. Set the severity once you know the impact.",
            }, now, now, ct);
            IncidentCenter.Response.ResponseService.AwaitAcknowledgement(db, incident.Id);
            db.AlertLinks.Add(new AlertLink
            {
                Fingerprint = StormFingerprint(storm.Token.Id),
                IncidentId = incident.Id,
                Source = "storm",
                AlertName = "Alert storm",
                IsFiring = true,
                FirstSeenAt = now,
                LastSeenAt = now,
            });
            changed[incident.Id] = IncidentChangeKind.Declared;
            storm.IncidentId = stormId = incident.Id;
        }
        db.AlertLinks.Add(storm.NewLinks[alert.Fingerprint] = new AlertLink
        {
            Fingerprint = alert.Fingerprint,
            IncidentId = stormId,
            Source = alert.Source,
            AlertName = AlertPayloads.Clip(alert.Name, AlertLink.NameMaxLength)!,
            IsFiring = true,
            FirstSeenAt = now,
            LastSeenAt = now,
        });
        storm.Joined.Add(alert);
        return new IntakeOutcome(alert.Fingerprint, "storm", IncidentReference.Format(stormId));
    }

    private static async Task<IntakeOutcome> ResolvedAsync(AppDbContext db, Actor actor, IntakeAlert alert, DateTime now,
        Dictionary<int, IncidentChangeKind> changed, Storm storm, CancellationToken ct)
    {
        // The latest incident this alert opened or joined, open or not: people may have resolved it first.
        var link = storm.NewLinks.GetValueOrDefault(alert.Fingerprint)
            ?? await db.AlertLinks.Where(l => l.Fingerprint == alert.Fingerprint).OrderByDescending(l => l.Id).FirstOrDefaultAsync(ct);
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
        if (link.IncidentId == storm.IncidentId)
        {
            storm.Resolved.Add(alert);
            return new IntakeOutcome(alert.Fingerprint, "resolved", IncidentReference.Format(link.IncidentId));
        }
        var endedAt = alert.EndsAt is { } e && e <= now ? e : now;
        db.TimelineEntries.Add(TimelineEntry.System(link.IncidentId, actor, endedAt,
            $"Alert {alert.Name} resolved (ended {AlertPayloads.FormatTime(endedAt)}). The incident stays as it is until someone changes it.",
            keyEvent: false, recordedAt: now));
        changed.TryAdd(link.IncidentId, IncidentChangeKind.TimelineChanged);
        return new IntakeOutcome(alert.Fingerprint, "resolved", IncidentReference.Format(link.IncidentId));
    }

    /// <summary>One payload's view of the token's storm: what it may still declare, and what joined, fired again or resolved in the storm.</summary>
    private sealed class Storm(ApiToken token, int remaining, IntakeOptions limits)
    {
        public ApiToken Token { get; } = token;
        public IntakeOptions Limits { get; } = limits;
        public int Remaining { get; set; } = remaining;
        public int? IncidentId { get; set; }
        public List<IntakeAlert> Joined { get; } = [];
        public List<IntakeAlert> FiringAgain { get; } = [];
        public List<IntakeAlert> Resolved { get; } = [];
        /// <summary>Links made in this payload, by fingerprint: the newest link of each, not saved until the payload's end.</summary>
        public Dictionary<string, AlertLink> NewLinks { get; } = new(StringComparer.Ordinal);

        /// <summary>At most one timeline entry per kind per payload, naming the first alerts and counting the rest.</summary>
        public void WriteEntries(AppDbContext db, Actor actor, DateTime now, Dictionary<int, IncidentChangeKind> changed)
        {
            if (IncidentId is not { } id)
            {
                return;
            }
            Write(db, actor, now, changed, id, Joined, "new alerts joined");
            Write(db, actor, now, changed, id, FiringAgain, "alerts firing again");
            Write(db, actor, now, changed, id, Resolved, "alerts resolved");
        }

        private static void Write(AppDbContext db, Actor actor, DateTime now, Dictionary<int, IncidentChangeKind> changed, int id, List<IntakeAlert> alerts, string what)
        {
            if (alerts.Count == 0)
            {
                return;
            }
            var text = new System.Text.StringBuilder();
            text.Append("Alert storm, ").Append(what).Append(": ").Append(alerts.Count).Append('.');
            foreach (var alert in alerts.Take(StormEntryNamedAlerts))
            {
                text.Append("\n- ").Append(alert.Name);
                if (alert.Title != alert.Name)
                {
                    text.Append(": ").Append(alert.Title);
                }
                if (alert.SeverityText is { } severity)
                {
                    text.Append(" (").Append(severity).Append(')');
                }
            }
            if (alerts.Count > StormEntryNamedAlerts)
            {
                text.Append("\n- and ").Append(alerts.Count - StormEntryNamedAlerts).Append(" more");
            }
            db.TimelineEntries.Add(TimelineEntry.System(id, actor, now,
                AlertPayloads.Clip(text.ToString(), TimelineDraft.TextMaxLength)!, keyEvent: false));
            changed.TryAdd(id, IncidentChangeKind.TimelineChanged);
        }
    }
}
