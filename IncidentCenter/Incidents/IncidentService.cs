using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Catalog;
using IncidentCenter.Data;
using IncidentCenter.Notifications;
using IncidentCenter.Shared;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Incidents;

/// <summary>
/// Every change to an incident: authorizes the caller, validates, writes the change and its
/// timeline entry in one transaction, then tells open pages.
/// </summary>
public sealed class IncidentService(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    ServiceCatalog catalog,
    IncidentNotifier notifier,
    IncidentCenter.Response.SeverityPolicyService policies,
    TimeProvider clock)
{
    /// <summary>Clocks differ a little between a browser and the server.</summary>

    public async Task<Incident> DeclareAsync(ClaimsPrincipal user, DeclareIncident command, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var now = Now();
        var detectedAt = command.DetectedAt ?? now;
        Validation.Ensure(command,
            !Enum.IsDefined(command.Severity) ? "Choose a severity from SEV1 to SEV4." : null,
            detectedAt > now + ClockSkew.Allowed ? "The detection time cannot be in the future." : null);

        var commander = command.CommanderId is null or "" || command.CommanderId == actor.UserId
            ? actor
            : await RequireAssignableAsync(db, command.CommanderId, ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var incident = await DeclareInAsync(db, actor, commander, command, detectedAt, now, ct);
        await tx.CommitAsync(ct);

        await notifier.PublishAsync(new IncidentChanged(incident.Id, IncidentChangeKind.Declared));
        return incident;
    }

    /// <summary>
    /// The declaration itself, written in the caller's transaction (not committed here). Alert intake
    /// declares through it as a system actor, in the same transaction as its own rows.
    /// </summary>
    internal async Task<Incident> DeclareInAsync(AppDbContext db, Actor actor, Actor commander, DeclareIncident command, DateTime detectedAt, DateTime now, CancellationToken ct)
    {
        var services = await catalog.ResolveAsync(db, command.ServiceIds, command.NewServiceNames, ct);
        var incident = new Incident
        {
            Title = command.Title.Trim(),
            Description = command.Description?.Trim() ?? "",
            Severity = command.Severity,
            State = IncidentState.Investigating,
            IsOpen = true,
            DetectedAt = detectedAt,
            DeclaredAt = now,
            StateChangedAt = now,
            DeclaredById = actor.UserId,
            CommanderId = commander.UserId,
            CommanderName = commander.DisplayName,
            Services = services.Select(s => new IncidentServiceLink { Service = s }).ToList(),
            Roles = [new IncidentRoleAssignment { Role = IncidentRole.Commander, UserId = commander.UserId, UserName = commander.DisplayName, AssignedAt = now }],
            StateChanges = [new IncidentStateChange { To = IncidentState.Investigating, At = now, ByUserId = actor.UserId }],
            SeverityChanges = [new IncidentSeverityChange { To = command.Severity, At = now, ByUserId = actor.UserId }],
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync(ct);
        await Playbooks.ChecklistService.AttachAtDeclarationAsync(db, incident, actor, now, ct);

        var serviceText = services.Count == 0 ? "" : $" Affected: {string.Join(", ", services.Select(s => s.Name))}.";
        if (detectedAt < now - TimeSpan.FromMinutes(1))
        {
            db.TimelineEntries.Add(TimelineEntry.System(incident.Id, actor, detectedAt, "Problem detected.", keyEvent: true, recordedAt: now));
        }
        db.TimelineEntries.Add(TimelineEntry.System(incident.Id, actor, now,
            $"Incident declared as {SeverityCatalog.Name(command.Severity)} by {actor.DisplayName}; {commander.DisplayName} is Incident Commander.{serviceText}",
            keyEvent: true));
        ProcessEventOutbox.Record(db, ProcessEventKind.Declared, incident,
            $"Declared as {SeverityCatalog.Name(command.Severity)} by {actor.DisplayName}; {commander.DisplayName} is Incident Commander.{serviceText}", now);
        await db.SaveChangesAsync(ct);
        return incident;
    }

    public async Task ChangeStateAsync(ClaimsPrincipal user, int incidentId, int expectedVersion, IncidentState to, string? reason = null, CancellationToken ct = default)
    {
        await MutateAsync(user, incidentId, expectedVersion, (db, actor, incident, now) => ApplyStateChangeAsync(db, actor, incident, to, reason, now, ct), ct);
    }

    /// <summary>
    /// A lifecycle move with all its rules and records (state change row, timeline entry, process event),
    /// written into the caller's context and transaction; the caller bumps the Version and commits.
    /// Publishing a Resolved status update resolves the incident through it.
    /// </summary>
    internal async Task ApplyStateChangeAsync(AppDbContext db, Actor actor, Incident incident, IncidentState to, string? reason, DateTime now, CancellationToken ct)
    {
        var from = incident.State;
        if (!IncidentLifecycle.CanMove(from, to))
        {
            throw new ValidationFailedException($"{incident.Reference} cannot move from {from} to {to}.");
        }
        if (to == IncidentState.Closed && await RequiresPostmortemAsync(incident.Severity, ct))
        {
            throw new ValidationFailedException($"{SeverityCatalog.Name(incident.Severity)} incidents close when their post-mortem is published.");
        }
        var trimmedReason = Trimmed(reason, 1000, "reason");
        if (IncidentLifecycle.IsReopen(from, to) && trimmedReason is null)
        {
            throw new ValidationFailedException("Say why the incident is reopened.");
        }
        incident.State = to;
        incident.IsOpen = IncidentLifecycle.IsOpen(to);
        incident.StateChangedAt = now;
        if (to == IncidentState.Resolved)
        {
            incident.ResolvedAt = now;
            ProcessEventOutbox.Record(db, ProcessEventKind.Resolved, incident, $"Resolved by {actor.DisplayName}.{Because(trimmedReason)}", now);
        }
        else if (to == IncidentState.Closed)
        {
            incident.ClosedAt = now;
        }
        else if (IncidentLifecycle.IsReopen(from, to))
        {
            incident.ResolvedAt = null;
            incident.ClosedAt = null;
        }
        db.IncidentStateChanges.Add(new IncidentStateChange { IncidentId = incident.Id, From = from, To = to, At = now, ByUserId = actor.UserId, Reason = trimmedReason });
        var verb = IncidentLifecycle.IsReopen(from, to) ? $"Reopened ({from} → {to})" : $"State changed from {from} to {to}";
        db.TimelineEntries.Add(TimelineEntry.System(incident.Id, actor, now, $"{verb} by {actor.DisplayName}.{Because(trimmedReason)}", keyEvent: true));
    }

    public async Task ChangeSeverityAsync(ClaimsPrincipal user, int incidentId, int expectedVersion, Severity to, string? reason = null, CancellationToken ct = default)
    {
        await MutateAsync(user, incidentId, expectedVersion, (db, actor, incident, now) =>
        {
            if (!Enum.IsDefined(to))
            {
                throw new ValidationFailedException("Choose a severity from SEV1 to SEV4.");
            }
            if (incident.Severity == to)
            {
                throw new ValidationFailedException($"{incident.Reference} is already {SeverityCatalog.Name(to)}.");
            }
            var trimmedReason = Trimmed(reason, 1000, "reason");
            var from = incident.Severity;
            incident.Severity = to;
            db.IncidentSeverityChanges.Add(new IncidentSeverityChange { IncidentId = incident.Id, From = from, To = to, At = now, ByUserId = actor.UserId, Reason = trimmedReason });
            ProcessEventOutbox.Record(db, ProcessEventKind.SeverityChanged, incident,
                $"Severity changed from {SeverityCatalog.Name(from)} to {SeverityCatalog.Name(to)} by {actor.DisplayName}.{Because(trimmedReason)}", now);
            db.TimelineEntries.Add(TimelineEntry.System(incident.Id, actor, now,
                $"Severity changed from {SeverityCatalog.Name(from)} to {SeverityCatalog.Name(to)} by {actor.DisplayName}.{Because(trimmedReason)}", keyEvent: true));
            return Task.CompletedTask;
        }, ct);
    }

    public async Task UpdateDetailsAsync(ClaimsPrincipal user, int incidentId, int expectedVersion, UpdateIncidentDetails details, CancellationToken ct = default)
    {
        await MutateAsync(user, incidentId, expectedVersion, async (db, actor, incident, now) =>
        {
            Validation.Ensure(details);
            var changes = new List<string>();
            var title = details.Title.Trim();
            if (title != incident.Title)
            {
                changes.Add($"title to \"{title}\"");
                incident.Title = title;
            }
            var description = details.Description?.Trim() ?? "";
            if (description != incident.Description)
            {
                changes.Add("description");
                incident.Description = description;
            }
            var services = await catalog.ResolveAsync(db, details.ServiceIds, details.NewServiceNames, ct);
            var current = incident.Services.Select(s => s.ServiceId).ToHashSet();
            var wanted = services.Where(s => s.Id != 0).Select(s => s.Id).ToHashSet();
            if (!current.SetEquals(wanted) || services.Any(s => s.Id == 0))
            {
                incident.Services.RemoveAll(l => !wanted.Contains(l.ServiceId));
                foreach (var s in services.Where(s => s.Id == 0 || !current.Contains(s.Id)))
                {
                    incident.Services.Add(new IncidentServiceLink { IncidentId = incident.Id, Service = s });
                }
                changes.Add($"affected services to {(services.Count == 0 ? "none" : string.Join(", ", services.Select(s => s.Name)))}");
            }
            if (changes.Count == 0)
            {
                throw new ValidationFailedException("Nothing changed.");
            }
            db.TimelineEntries.Add(TimelineEntry.System(incident.Id, actor, now, $"{actor.DisplayName} changed the {string.Join(", the ", changes)}.", keyEvent: false));
        }, ct);
    }

    /// <summary>Gives <paramref name="role"/> to a person; for single-holder roles, replaces the holder (handing over command).</summary>
    public async Task AssignRoleAsync(ClaimsPrincipal user, int incidentId, int expectedVersion, IncidentRole role, string userId, CancellationToken ct = default)
    {
        await MutateAsync(user, incidentId, expectedVersion, async (db, actor, incident, now) =>
        {
            if (!Enum.IsDefined(role))
            {
                throw new ValidationFailedException("Choose a role.");
            }
            var person = await RequireAssignableAsync(db, userId, ct);
            var holders = incident.Roles.Where(r => r.Role == role).ToList();
            if (holders.Any(h => h.UserId == person.UserId))
            {
                throw new ValidationFailedException($"{person.DisplayName} is already {IncidentRoles.Label(role)}.");
            }
            string text;
            if (role == IncidentRole.Commander)
            {
                var previous = holders.FirstOrDefault()?.UserName ?? incident.CommanderName;
                incident.CommanderId = person.UserId;
                incident.CommanderName = person.DisplayName;
                text = $"Command handed over from {previous} to {person.DisplayName} (by {actor.DisplayName}).";
            }
            else
            {
                text = holders.Count > 0 && IncidentRoles.IsSingleHolder(role)
                    ? $"{person.DisplayName} replaces {holders[0].UserName} as {IncidentRoles.Label(role)} (by {actor.DisplayName})."
                    : $"{person.DisplayName} joined as {IncidentRoles.Label(role)} (by {actor.DisplayName}).";
            }
            if (IncidentRoles.IsSingleHolder(role))
            {
                db.IncidentRoles.RemoveRange(holders);
            }
            db.IncidentRoles.Add(new IncidentRoleAssignment { IncidentId = incident.Id, Role = role, UserId = person.UserId, UserName = person.DisplayName, AssignedAt = now });
            db.TimelineEntries.Add(TimelineEntry.System(incident.Id, actor, now, text, keyEvent: role == IncidentRole.Commander));
        }, ct);
    }

    public async Task RemoveRoleAsync(ClaimsPrincipal user, int incidentId, int expectedVersion, int assignmentId, CancellationToken ct = default)
    {
        await MutateAsync(user, incidentId, expectedVersion, (db, actor, incident, now) =>
        {
            var assignment = incident.Roles.FirstOrDefault(r => r.Id == assignmentId)
                ?? throw new ValidationFailedException("That role assignment no longer exists.");
            if (assignment.Role == IncidentRole.Commander)
            {
                throw new ValidationFailedException("An incident always has a commander: hand over command instead.");
            }
            db.IncidentRoles.Remove(assignment);
            db.TimelineEntries.Add(TimelineEntry.System(incident.Id, actor, now,
                $"{assignment.UserName} is no longer {IncidentRoles.Label(assignment.Role)} (by {actor.DisplayName}).", keyEvent: false));
            return Task.CompletedTask;
        }, ct);
    }

    private async Task MutateAsync(ClaimsPrincipal user, int incidentId, int expectedVersion,
        Func<AppDbContext, Actor, Incident, DateTime, Task> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var incident = await db.Incidents.Include(i => i.Roles).Include(i => i.Services)
            .FirstOrDefaultAsync(i => i.Id == incidentId, ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        if (incident.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException($"{incident.Reference} was changed by someone else while you were looking at it. The page now shows the latest; check it and try again.");
        }
        var now = Now();
        await change(db, actor, incident, now);
        incident.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException($"{incident.Reference} was changed by someone else at the same moment. The page now shows the latest; try again.");
        }
        await notifier.PublishAsync(new IncidentChanged(incident.Id, IncidentChangeKind.Updated));
    }

    private async Task<Actor> RequireAssignableAsync(AppDbContext db, string userId, CancellationToken ct)
    {
        var person = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.DisplayName, u.LockoutEnd }).FirstOrDefaultAsync(ct);
        var role = person is null ? null : await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefaultAsync(ct);
        if (person is null || role is null || person.LockoutEnd > clock.GetUtcNow())
        {
            throw new ValidationFailedException("That person does not exist or is disabled.");
        }
        var candidate = new Actor(person.Id, person.DisplayName, role);
        return candidate.CanRespond ? candidate : throw new ValidationFailedException($"{person.DisplayName} is a Viewer and cannot take an incident role.");
    }

    /// <summary>
    /// Whether the severity policy asks for a published post-mortem (by default SEV1 and SEV2); such an
    /// incident is closed by publishing it, not by hand.
    /// </summary>
    public async Task<bool> RequiresPostmortemAsync(Severity severity, CancellationToken ct = default) =>
        (await policies.GetAsync(severity, ct)).PostmortemRequired;

    private static string? Trimmed(string? value, int max, string what)
    {
        var t = value?.Trim();
        if (string.IsNullOrEmpty(t))
        {
            return null;
        }
        return t.Length <= max ? t : throw new ValidationFailedException($"The {what} can be at most {max} characters.");
    }

    private static string Because(string? reason) => reason is null ? "" : $" Reason: {reason}";

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
