using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Audit;
using IncidentCenter.Catalog;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Notifications;
using IncidentCenter.Response;
using IncidentCenter.Shared;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.StatusPage;

/// <summary>The stage checks found something; the responder confirms to publish anyway.</summary>
public sealed class StatusWarningsException(IReadOnlyList<string> warnings) : UserFacingException(string.Join(" ", warnings))
{
    public IReadOnlyList<string> Warnings { get; } = warnings;
}

/// <summary>
/// The responder and admin side of the status page: publishing and correcting updates, component
/// statuses and settings. Each command authorizes the caller, validates, writes in one transaction
/// (with its timeline entry and process event), then tells open internal pages and the public side.
/// </summary>
public sealed class StatusPageService(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    IncidentNotifier notifier,
    StatusPageNotifier changes,
    SeverityPolicyService policies,
    IncidentService incidents,
    TimeProvider clock)
{
    public const int ReasonMaxLength = StatusRules.ReasonMaxLength;

    /// <summary>The reason recorded on the incident's state change when a Resolved update resolves it.</summary>
    public const string ResolvedByUpdateReason = "The Resolved status update was published.";

    public async Task<IncidentStatusView> GetIncidentAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        var published = await db.PublicIncidents.AsNoTracking().Include(p => p.Components).FirstOrDefaultAsync(p => p.IncidentId == incidentId, ct);
        var updates = await LoadUpdatesAsync(db, incidentId, ct);
        var serviceIds = await db.IncidentServices.AsNoTracking().Where(l => l.IncidentId == incidentId).Select(l => l.ServiceId).ToListAsync(ct);
        var components = await ListComponentsAsync(db, ct);
        var templates = await db.StatusTemplates.AsNoTracking().ToDictionaryAsync(t => t.Stage, t => t.Body, ct);
        foreach (var stage in StatusStages.All)
        {
            templates.TryAdd(stage, StatusTemplates.Default(stage));
        }
        var policy = await policies.GetAsync(incident.Severity, ct);
        var dismissal = await db.StageDismissals.AsNoTracking().Where(d => d.IncidentId == incidentId)
            .OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct);
        var flag = StageAgreement.Flag(incident.Id, incident.Title, incident.State, incident.StateChangedAt,
            published?.Stage, published?.Version ?? 0, dismissal?.ToSituation());
        return new IncidentStatusView(
            incident.Id, incident.Reference, incident.Title, incident.Severity, incident.State, incident.DetectedAt,
            published is null ? null : new PublicIncidentInfo(published.Title, published.Stage, published.Impact, published.StartedAt,
                published.ResolvedAt, published.NextUpdateBy, published.LastPublishedAt, published.Version,
                published.Components.Select(c => c.ServiceId).Order().ToList()),
            updates, serviceIds, components, templates,
            StatusCadence.Compute(incident, published, policy.UpdateEvery, Now()), flag);
    }

    /// <summary>Publishes the next update of an incident, setting the status of the components it names in the same step.</summary>
    public async Task<int> PublishAsync(ClaimsPrincipal user, int incidentId, PublishStatusUpdate command, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var now = Now();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Tracked (and left unchanged) so that ProcessEventOutbox can refer to it in this context.
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId, ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        var published = await db.PublicIncidents.Include(p => p.Components).FirstOrDefaultAsync(p => p.IncidentId == incidentId, ct);
        await EnsureNotStaleAsync(db, published, command.ExpectedVersion, ct);

        var (title, body, effectiveAt, nextUpdateBy, reason, movingBack, choices) = StatusRules.Check(command, published?.Stage, incident.DetectedAt, now);
        var ids = choices.Select(c => c.ServiceId).ToList();
        var services = await db.Services.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        if (services.Count != ids.Distinct().Count())
        {
            throw new ValidationFailedException("One of the chosen components no longer exists; reload the page.");
        }
        var componentRows = await db.StatusComponents.Where(c => ids.Contains(c.ServiceId)).ToDictionaryAsync(c => c.ServiceId, ct);
        if (!command.AcknowledgeWarnings)
        {
            var names = await db.IncidentServices.AsNoTracking().Where(l => l.IncidentId == incidentId).Select(l => l.Service!.Name).ToListAsync(ct);
            names.AddRange(await db.StatusComponents.AsNoTracking().Join(db.IncidentServices.Where(l => l.IncidentId == incidentId),
                c => c.ServiceId, l => l.ServiceId, (c, _) => c.PublicName).ToListAsync(ct));
            var warnings = StatusStages.Check(command.Stage, body, choices.Count, nextUpdateBy, names);
            if (warnings.Count > 0)
            {
                throw new StatusWarningsException(warnings);
            }
        }

        var from = published?.Stage;
        if (published is null)
        {
            published = new PublicIncident { IncidentId = incidentId, StartedAt = incident.DetectedAt };
            db.PublicIncidents.Add(published);
        }
        else
        {
            published.Version++;
        }
        published.Title = title;
        published.Stage = command.Stage;
        published.Impact = command.Impact;
        published.NextUpdateBy = nextUpdateBy;
        published.LastPublishedAt = now;
        published.ResolvedAt = command.Stage == StatusStage.Resolved ? published.ResolvedAt ?? effectiveAt : null;
        foreach (var id in ids.Where(id => published.Components.All(c => c.ServiceId != id)))
        {
            published.Components.Add(new PublicIncidentComponent { IncidentId = incidentId, ServiceId = id });
        }

        var update = new StatusUpdate
        {
            IncidentId = incidentId,
            Stage = command.Stage,
            Impact = command.Impact,
            Body = body,
            PublishedAt = now,
            EffectiveAt = effectiveAt,
            NextUpdateBy = nextUpdateBy,
            PublishedById = actor.UserId,
            PublishedByName = actor.DisplayName,
            MovedBack = movingBack,
            Components = choices.Select(c => new StatusUpdateComponent { ServiceId = c.ServiceId, Status = c.Status }).ToList(),
        };
        published.Updates.Add(update);

        // A backdated update cannot put a status change before one already recorded for that component:
        // the history is replayed in time order and must end in the status the component has now.
        var lastChanges = await db.StatusComponentChanges.AsNoTracking().Where(c => ids.Contains(c.ServiceId))
            .GroupBy(c => c.ServiceId).Select(g => new { ServiceId = g.Key, At = g.Max(c => c.At) })
            .ToDictionaryAsync(g => g.ServiceId, g => g.At, ct);
        var statusTexts = new List<string>();
        var componentsChanged = false;
        foreach (var choice in choices)
        {
            if (!componentRows.TryGetValue(choice.ServiceId, out var row))
            {
                row = NewComponent(choice.ServiceId, services[choice.ServiceId], now);
                db.StatusComponents.Add(row);
            }
            statusTexts.Add($"{row.PublicName}: {StatusTemplates.StatusLabel(choice.Status)}");
            var changedAt = lastChanges.TryGetValue(choice.ServiceId, out var last) && last > effectiveAt ? last : effectiveAt;
            if (ChangeStatus(db, row, choice.Status, changedAt, incidentId))
            {
                componentsChanged = true;
                if (db.Entry(row).State != EntityState.Added)
                {
                    row.Version++;
                }
            }
        }

        var stageText = movingBack ? $"moved the public stage back from {from} to {command.Stage}" : $"published a status update ({command.Stage})";
        var text = $"Status page: {actor.DisplayName} {stageText} (impact {StatusTemplates.ImpactLabel(command.Impact)}" +
            (statusTexts.Count > 0 ? $"; {string.Join(", ", statusTexts)}" : "") + $"): \"{Excerpt(body)}\"" +
            (movingBack ? $" Reason: {reason}" : "") +
            (command.Stage == StatusStage.Resolved && from != StatusStage.Resolved ? " The public incident is resolved." : "");
        db.TimelineEntries.Add(TimelineEntry.System(incidentId, actor, effectiveAt, text,
            keyEvent: movingBack || from is null || command.Stage == StatusStage.Resolved, recordedAt: now));
        ProcessEventOutbox.Record(db, ProcessEventKind.StatusUpdatePublished, incident, $"{incident.Reference} status page: {command.Stage}: {title}", now);
        // One truth: the Resolved update also resolves the open incident, by the incident's own rules and
        // in this same transaction, so that the two are saved together or not at all.
        var resolvesIncident = command.Stage == StatusStage.Resolved && command.ResolveIncident && IncidentLifecycle.IsOpen(incident.State);
        if (resolvesIncident)
        {
            await incidents.ApplyStateChangeAsync(db, actor, incident, IncidentState.Resolved, ResolvedByUpdateReason, now, ct);
            incident.Version++;
        }
        await SaveAsync(db, tx, ct);

        if (resolvesIncident)
        {
            await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.Updated));
        }
        await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.StatusUpdated));
        await changes.PublishAsync(new StatusPageChange(StatusPageChangeKind.UpdatePublished, incidentId, update.Id));
        if (componentsChanged)
        {
            await changes.PublishAsync(new StatusPageChange(StatusPageChangeKind.ComponentsChanged, null));
        }
        return update.Id;
    }

    /// <summary>
    /// Corrects a published update: a new update with the corrected text replaces it on the page, and the
    /// original is kept, marked superseded. Component statuses are not changed again; the correction
    /// carries the ones the original set, so the page still says what it affected.
    /// </summary>
    public async Task<int> CorrectAsync(ClaimsPrincipal user, int incidentId, int updateId, int expectedVersion, string body, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var now = Now();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Tracked (and left unchanged) so that ProcessEventOutbox can refer to it in this context.
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId, ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        var published = await db.PublicIncidents.FirstOrDefaultAsync(p => p.IncidentId == incidentId, ct)
            ?? throw new NotFoundException($"{incident.Reference} has no published status update.");
        await EnsureNotStaleAsync(db, published, expectedVersion, ct);
        var original = await db.StatusUpdates.Include(u => u.Components).FirstOrDefaultAsync(u => u.Id == updateId && u.IncidentId == incidentId, ct)
            ?? throw new NotFoundException("That status update does not exist.");
        if (original.SupersededAt is not null)
        {
            throw new ValidationFailedException("That update was already corrected; correct the latest version.");
        }
        var text = (body ?? "").Replace("\r\n", "\n").Trim();
        if (text.Length == 0)
        {
            throw new ValidationFailedException("Write the corrected message.");
        }
        if (text.Length > StatusUpdate.BodyMaxLength)
        {
            throw new ValidationFailedException($"The message can be at most {StatusUpdate.BodyMaxLength:N0} characters.");
        }
        if (text == original.Body)
        {
            throw new ValidationFailedException("The correction is the same as the published text.");
        }

        original.SupersededAt = now;
        var correction = new StatusUpdate
        {
            IncidentId = incidentId,
            Stage = original.Stage,
            Impact = original.Impact,
            Body = text,
            PublishedAt = now,
            EffectiveAt = original.EffectiveAt,
            NextUpdateBy = original.NextUpdateBy,
            PublishedById = actor.UserId,
            PublishedByName = actor.DisplayName,
            MovedBack = original.MovedBack,
            CorrectionOfId = original.Id,
            // The correction takes the original's place on the page, so it carries the component statuses the original set.
            Components = original.Components.Select(c => new StatusUpdateComponent { ServiceId = c.ServiceId, Status = c.Status }).ToList(),
        };
        db.StatusUpdates.Add(correction);
        published.Version++;
        published.LastPublishedAt = now;
        db.TimelineEntries.Add(TimelineEntry.System(incidentId, actor, now,
            $"Status page: {actor.DisplayName} corrected the {original.Stage} update of {Time.Utc(original.EffectiveAt)}: \"{Excerpt(text)}\" (was: \"{Excerpt(original.Body)}\")",
            keyEvent: false));
        ProcessEventOutbox.Record(db, ProcessEventKind.StatusUpdatePublished, incident, $"{incident.Reference} status page: {original.Stage} update corrected", now);
        await SaveAsync(db, tx, ct);

        await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.StatusUpdated));
        await changes.PublishAsync(new StatusPageChange(StatusPageChangeKind.UpdatePublished, incidentId, correction.Id));
        return correction.Id;
    }

    /// <summary>Every catalog service as a component: its settings, or the defaults while it has none.</summary>
    public async Task<IReadOnlyList<StatusComponentRow>> ListComponentsAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return await ListComponentsAsync(db, ct);
    }

    /// <summary>Admin only: public name, group, order and whether the component is on the public page.</summary>
    public async Task<StatusComponentRow> SaveComponentAsync(ClaimsPrincipal user, int serviceId, int? expectedVersion, ComponentSettings settings, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var name = (settings.PublicName ?? "").Trim();
        var group = string.IsNullOrWhiteSpace(settings.GroupName) ? null : settings.GroupName.Trim();
        var errors = new List<string>();
        if (name.Length == 0)
        {
            errors.Add("Give the component a public name.");
        }
        else if (name.Length > StatusComponent.NameMaxLength)
        {
            errors.Add($"A public name can be at most {StatusComponent.NameMaxLength} characters.");
        }
        if (group is { Length: > StatusComponent.NameMaxLength })
        {
            errors.Add($"A group name can be at most {StatusComponent.NameMaxLength} characters.");
        }
        if (settings.SortOrder is < -10000 or > 10000)
        {
            errors.Add("The sort order must be between -10000 and 10000.");
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        var row = await LoadComponentForChangeAsync(db, serviceId, expectedVersion, ct);
        if (row.PublicName == name && row.GroupName == group && row.SortOrder == settings.SortOrder && row.IsPublic == settings.IsPublic
            && db.Entry(row).State != EntityState.Added)
        {
            throw new ValidationFailedException("Nothing changed.");
        }
        var before = AuditDescriptions.Of(row);
        row.PublicName = name;
        row.GroupName = group;
        row.SortOrder = settings.SortOrder;
        row.IsPublic = settings.IsPublic;
        AuditLog.Add(db, actor, user, Now(), "component.update", AuditDescriptions.Changed($"component of service #{serviceId}", before, AuditDescriptions.Of(row)));
        await SaveComponentRowAsync(db, row, ct);
        await changes.PublishAsync(new StatusPageChange(StatusPageChangeKind.ComponentsChanged, null));
        return (await ListComponentsAsync(db, ct)).Single(c => c.ServiceId == serviceId);
    }

    /// <summary>Responders and Admins set a component's status by hand (outside an update).</summary>
    public async Task<StatusComponentRow> SetComponentStatusAsync(ClaimsPrincipal user, int serviceId, int? expectedVersion, ComponentStatus status, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireResponderAsync(db, user, ct);
        if (!Enum.IsDefined(status))
        {
            throw new ValidationFailedException("Choose a status.");
        }
        var row = await LoadComponentForChangeAsync(db, serviceId, expectedVersion, ct);
        if (row.Status == status)
        {
            throw new ValidationFailedException($"{row.PublicName} is already {StatusTemplates.StatusLabel(status)}.");
        }
        ChangeStatus(db, row, status, Now(), incidentId: null);
        await SaveComponentRowAsync(db, row, ct);
        await changes.PublishAsync(new StatusPageChange(StatusPageChangeKind.ComponentsChanged, null));
        return (await ListComponentsAsync(db, ct)).Single(c => c.ServiceId == serviceId);
    }

    /// <summary>Every open incident whose next status update is late.</summary>
    public async Task<IReadOnlyList<StatusDue>> OverdueAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var due = await DueAsync(db, db.Incidents.AsNoTracking().Where(i => i.State < IncidentState.Resolved), ct);
        return due.Where(d => d.IsOverdue).ToList();
    }

    /// <summary>
    /// When the next status update of each of these incidents is due (open ones that owe one), for a page
    /// of the dashboard: the page flags each one when its time passes.
    /// </summary>
    public async Task<IReadOnlyList<StatusDue>> DueAsync(ClaimsPrincipal user, IReadOnlyCollection<int> incidentIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var ids = incidentIds.Distinct().ToList();
        return await DueAsync(db, db.Incidents.AsNoTracking().Where(i => ids.Contains(i.Id) && i.State < IncidentState.Resolved), ct);
    }

    private async Task<List<StatusDue>> DueAsync(AppDbContext db, IQueryable<Incident> incidents, CancellationToken ct)
    {
        var open = await incidents.ToListAsync(ct);
        var ids = open.Select(i => i.Id).ToList();
        var published = await db.PublicIncidents.AsNoTracking().Where(p => ids.Contains(p.IncidentId)).ToDictionaryAsync(p => p.IncidentId, ct);
        var now = Now();
        var every = (await policies.GetAllAsync(ct)).ToDictionary(p => p.Severity, p => p.UpdateEvery);
        var result = new List<StatusDue>();
        foreach (var incident in open.OrderBy(i => i.Id))
        {
            var updateEvery = every.TryGetValue(incident.Severity, out var e) ? e : (await policies.GetAsync(incident.Severity, ct)).UpdateEvery;
            var cadence = StatusCadence.Compute(incident, published.GetValueOrDefault(incident.Id), updateEvery, now);
            if (cadence.DueAt is { } due)
            {
                result.Add(new StatusDue(incident.Id, due, cadence.IsOverdue));
            }
        }
        return result;
    }

    /// <summary>
    /// Every incident whose public stage and own state disagree and that nobody has dismissed, for the
    /// dashboard. The pairs are found in SQL; the dismissals are checked by <see cref="StageAgreement"/>.
    /// </summary>
    public async Task<IReadOnlyList<StageFlag>> DisagreementsAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var pairs = await db.PublicIncidents.AsNoTracking()
            .Join(db.Incidents.AsNoTracking(), p => p.IncidentId, i => i.Id, (p, i) => new
            {
                i.Id, i.Title, i.State, i.StateChangedAt, p.Stage, p.Version,
            })
            .Where(x => (x.Stage == StatusStage.Resolved && x.State < IncidentState.Resolved)
                || (x.Stage != StatusStage.Resolved && x.State >= IncidentState.Resolved))
            .ToListAsync(ct);
        var ids = pairs.Select(p => p.Id).ToList();
        var dismissals = (await db.StageDismissals.AsNoTracking().Where(d => ids.Contains(d.IncidentId)).ToListAsync(ct))
            .GroupBy(d => d.IncidentId).ToDictionary(g => g.Key, g => g.MaxBy(d => d.Id)!.ToSituation());
        return pairs
            .Select(p => StageAgreement.Flag(p.Id, p.Title, p.State, p.StateChangedAt, p.Stage, p.Version, dismissals.GetValueOrDefault(p.Id)))
            .OfType<StageFlag>()
            .OrderBy(f => f.IncidentId)
            .ToList();
    }

    /// <summary>
    /// A Responder or Admin leaves a disagreement as it is, saying why: recorded, with a timeline entry, and
    /// no longer flagged until someone acts on either side. <paramref name="expected"/> is the disagreement
    /// the person saw; if the situation changed meanwhile, nothing is dismissed.
    /// </summary>
    public async Task DismissDisagreementAsync(ClaimsPrincipal user, int incidentId, StageDisagreement expected, string? reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var why = reason?.Trim() ?? "";
        if (why.Length == 0)
        {
            throw new ValidationFailedException("Say why the status page and the incident may disagree.");
        }
        if (why.Length > StageDismissal.ReasonMaxLength)
        {
            throw new ValidationFailedException($"The reason can be at most {StageDismissal.ReasonMaxLength} characters.");
        }
        var now = Now();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        var published = await db.PublicIncidents.AsNoTracking().FirstOrDefaultAsync(p => p.IncidentId == incidentId, ct);
        var kind = StageAgreement.Compare(incident.State, published?.Stage);
        if (kind == StageDisagreement.None)
        {
            throw new ConcurrencyConflictException("The status page and the incident agree now: there is nothing to dismiss.");
        }
        if (kind != expected)
        {
            throw new ConcurrencyConflictException("The incident or its status page changed while you were looking. The page now shows the latest; check it and try again.");
        }
        var latest = await db.StageDismissals.AsNoTracking().Where(d => d.IncidentId == incidentId).OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct);
        if (latest is not null && StageAgreement.Covers(latest.ToSituation(), kind, incident.StateChangedAt, published!.Version))
        {
            throw new ConcurrencyConflictException($"{latest.DismissedByName} already dismissed this at {Time.Utc(latest.DismissedAt)}. Reason: {latest.Reason}");
        }
        db.StageDismissals.Add(new StageDismissal
        {
            IncidentId = incidentId,
            Kind = kind,
            IncidentState = incident.State,
            IncidentStateChangedAt = incident.StateChangedAt,
            PublicStage = published!.Stage,
            PublicVersion = published.Version,
            Reason = why,
            DismissedAt = now,
            DismissedById = actor.UserId,
            DismissedByName = actor.DisplayName,
        });
        db.TimelineEntries.Add(TimelineEntry.System(incidentId, actor, now,
            $"{actor.DisplayName} dismissed a disagreement with the status page: {StageAgreement.Describe(kind, incident.State, published.Stage)} Reason: {why}",
            keyEvent: false));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.StatusUpdated));
    }

    /// <summary>The internal stakeholder update and the customer notice, built from the incident as it is now.</summary>
    public async Task<StakeholderMessages> BuildMessagesAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        var published = await db.PublicIncidents.AsNoTracking().FirstOrDefaultAsync(p => p.IncidentId == incidentId, ct);
        var services = await db.IncidentServices.AsNoTracking().Where(l => l.IncidentId == incidentId)
            .Select(l => l.Service!.Name).OrderBy(n => n).ToListAsync(ct);
        var events = await db.TimelineEntries.AsNoTracking()
            .Where(t => t.IncidentId == incidentId && t.IsKeyEvent && !t.IsDeleted && t.Kind != TimelineEntryKind.System)
            .OrderByDescending(t => t.OccurredAt).ThenByDescending(t => t.Id).Take(InternalUpdateBuilder.MaxActions)
            .Select(t => new MessageEvent(t.OccurredAt, t.Text)).ToListAsync(ct);
        var updates = published is null ? [] : await db.StatusUpdates.AsNoTracking()
            .Where(u => u.IncidentId == incidentId && u.SupersededAt == null).ToListAsync(ct);
        string? Latest(StatusStage stage) => updates.Where(u => u.Stage == stage).OrderBy(u => u.EffectiveAt).ThenBy(u => u.Id).LastOrDefault()?.Body;
        var policy = await policies.GetAsync(incident.Severity, ct);
        var now = Now();
        var facts = new IncidentMessageFacts(
            incident.Reference, incident.Title, published?.Title ?? incident.Title, incident.Severity, incident.State, published?.Stage,
            published?.Impact ?? StatusStages.DefaultImpact(incident.Severity), services, incident.DetectedAt,
            incident.ResolvedAt ?? published?.ResolvedAt, now, incident.CommanderName, events,
            StatusCadence.Compute(incident, published, policy.UpdateEvery, now).DueAt, policy.PostmortemRequired,
            Latest(StatusStage.Identified), Latest(StatusStage.Resolved));
        // The customer notice names only public components, by their public names: an internal-only
        // service is none of the customers' business.
        var affectedIds = await db.IncidentServices.AsNoTracking().Where(l => l.IncidentId == incidentId).Select(l => l.ServiceId)
            .Union(db.PublicIncidentComponents.AsNoTracking().Where(c => c.IncidentId == incidentId).Select(c => c.ServiceId))
            .ToListAsync(ct);
        var publicNames = (await db.StatusComponents.AsNoTracking().Where(c => c.IsPublic && affectedIds.Contains(c.ServiceId))
            .Select(c => c.PublicName).ToListAsync(ct)).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new StakeholderMessages(InternalUpdateBuilder.Build(facts), CustomerNoticeBuilder.Build(facts with { Services = publicNames }));
    }

    internal static async Task<List<StatusUpdateView>> LoadUpdatesAsync(AppDbContext db, int incidentId, CancellationToken ct)
    {
        var updates = await db.StatusUpdates.AsNoTracking().Include(u => u.Components)
            .Where(u => u.IncidentId == incidentId)
            .ToListAsync(ct);
        var names = await NamesAsync(db, ct);
        var byId = updates.ToDictionary(u => u.Id);
        return updates.OrderByDescending(u => u.EffectiveAt).ThenByDescending(u => u.Id)
            .Select(u => new StatusUpdateView(u.Id, u.Stage, u.Impact, u.Body, u.PublishedAt, u.EffectiveAt, u.NextUpdateBy, u.PublishedByName,
                u.MovedBack, u.CorrectionOfId, u.SupersededAt,
                u.CorrectionOfId is { } of && byId.TryGetValue(of, out var original) ? original.Body : null,
                u.Components.OrderBy(c => names.GetValueOrDefault(c.ServiceId), StringComparer.OrdinalIgnoreCase)
                    .Select(c => new StatusUpdateComponentView(c.ServiceId, names.GetValueOrDefault(c.ServiceId) ?? "?", c.Status)).ToList()))
            .ToList();
    }

    private static async Task<Dictionary<int, string>> NamesAsync(AppDbContext db, CancellationToken ct)
    {
        var services = await db.Services.AsNoTracking().Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var components = await db.StatusComponents.AsNoTracking().Select(c => new { c.ServiceId, c.PublicName }).ToListAsync(ct);
        var names = services.ToDictionary(s => s.Id, s => s.Name);
        foreach (var c in components)
        {
            names[c.ServiceId] = c.PublicName;
        }
        return names;
    }

    private static async Task<List<StatusComponentRow>> ListComponentsAsync(AppDbContext db, CancellationToken ct)
    {
        var services = await db.Services.AsNoTracking().Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var rows = await db.StatusComponents.AsNoTracking().ToDictionaryAsync(c => c.ServiceId, ct);
        return services
            .Select(s => rows.TryGetValue(s.Id, out var c)
                ? new StatusComponentRow(s.Id, s.Name, c.PublicName, c.GroupName, c.SortOrder, c.IsPublic, c.Status, c.StatusChangedAt, c.Version)
                : new StatusComponentRow(s.Id, s.Name, s.Name, null, 0, false, ComponentStatus.Operational, null, null))
            .OrderBy(c => c.GroupName ?? "", StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.SortOrder)
            .ThenBy(c => c.PublicName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.ServiceId)
            .ToList();
    }

    private async Task<StatusComponent> LoadComponentForChangeAsync(AppDbContext db, int serviceId, int? expectedVersion, CancellationToken ct)
    {
        var service = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, ct)
            ?? throw new NotFoundException("That service does not exist.");
        var row = await db.StatusComponents.FirstOrDefaultAsync(c => c.ServiceId == serviceId, ct);
        if (row?.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException($"{row?.PublicName ?? service.Name} was changed by someone else while you were looking at it. The page now shows the latest; check it and try again.");
        }
        if (row is null)
        {
            row = NewComponent(serviceId, service.Name, Now());
            db.StatusComponents.Add(row);
        }
        else
        {
            row.Version++;
        }
        return row;
    }

    private static async Task SaveComponentRowAsync(AppDbContext db, StatusComponent row, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConcurrencyConflictException($"{row.PublicName} was changed by someone else at the same moment. The page now shows the latest; try again.");
        }
    }

    private static StatusComponent NewComponent(int serviceId, string name, DateTime now) => new()
    {
        ServiceId = serviceId,
        PublicName = name,
        IsPublic = false,
        Status = ComponentStatus.Operational,
        StatusChangedAt = now,
    };

    /// <summary>Sets the status and records the change for the 90-day history; false when it was already so.</summary>
    private static bool ChangeStatus(AppDbContext db, StatusComponent row, ComponentStatus to, DateTime at, int? incidentId)
    {
        if (row.Status == to)
        {
            return false;
        }
        db.StatusComponentChanges.Add(new StatusComponentChange { ServiceId = row.ServiceId, From = row.Status, To = to, At = at, IncidentId = incidentId });
        row.Status = to;
        row.StatusChangedAt = at;
        return true;
    }

    /// <summary>Refuses a publish composed against an older state of the public incident, saying what was published meanwhile.</summary>
    private static async Task EnsureNotStaleAsync(AppDbContext db, PublicIncident? published, int? expectedVersion, CancellationToken ct)
    {
        if (published?.Version == expectedVersion)
        {
            return;
        }
        if (published is null)
        {
            throw new ConcurrencyConflictException("The status page changed while you were writing: reload and try again. Your text is kept.");
        }
        var latest = await db.StatusUpdates.AsNoTracking().Where(u => u.IncidentId == published.IncidentId)
            .OrderByDescending(u => u.PublishedAt).ThenByDescending(u => u.Id).FirstOrDefaultAsync(ct);
        var what = latest is null ? "an update" : $"{latest.PublishedByName} published a status update ({latest.Stage}) at {Time.Utc(latest.PublishedAt)}: \"{Excerpt(latest.Body)}\"";
        throw new ConcurrencyConflictException($"Someone published while you were writing: {what}. Your text is kept; read the new update, adjust yours and publish again.");
    }

    private static async Task SaveAsync(AppDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex) when (ex.Entries.Any(e => e.Entity is Incident))
        {
            throw new ConcurrencyConflictException("The incident was changed by someone else at the same moment, so nothing was published. Your text is kept; check the incident and publish again.");
        }
        catch (DbUpdateException)
        {
            // A concurrency token that no longer matches, or a first publish racing another first publish.
            throw new ConcurrencyConflictException("Someone published while you were writing, at the same moment. Your text is kept; read the new update and publish again.");
        }
    }

    internal static string Excerpt(string text, int max = 160)
    {
        // Emphasis and code marks cut in half would show as stray characters in the timeline.
        var line = InternalUpdateBuilder.Line(text.Replace("*", "").Replace("`", ""));
        return line.Length <= max ? line : line[..(max - 1)].TrimEnd() + "…";
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
