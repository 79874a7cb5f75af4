using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Postmortems;

/// <summary>
/// Work items of incidents: tasks while it runs and follow-ups afterwards (<see cref="ActionItemKind"/>), each
/// with owner, due date and state. Task changes also go into the timeline; every change reaches open pages live.
/// </summary>
public sealed class ActionItemService(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    IncidentNotifier notifier,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<ActionItemView>> ListForIncidentAsync(ClaimsPrincipal user, int incidentId, ActionItemKind kind = ActionItemKind.FollowUp, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var items = await db.ActionItems.AsNoTracking().Where(a => a.IncidentId == incidentId && a.Kind == kind).OrderBy(a => a.Id).ToListAsync(ct);
        var today = Today();
        return items.Select(a => View(a, today)).ToList();
    }

    /// <summary>Open and in-progress items across all incidents (of one kind, or all): overdue first, then by due date (undated last).</summary>
    public async Task<IReadOnlyList<ActionItemView>> ListOpenAsync(ClaimsPrincipal user, ActionItemKind? kind = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var query = db.ActionItems.AsNoTracking().Where(a => a.State != ActionItemState.Done);
        if (kind is { } k)
        {
            query = query.Where(a => a.Kind == k);
        }
        var items = await query
            .Join(db.Incidents, a => a.IncidentId, i => i.Id, (a, i) => new { Item = a, i.Title })
            .ToListAsync(ct);
        var today = Today();
        return items.Select(x => View(x.Item, today, x.Title))
            .OrderByDescending(v => v.Overdue)
            .ThenBy(v => v.DueDate is null)
            .ThenBy(v => v.DueDate)
            .ThenBy(v => v.Id)
            .ToList();
    }

    public async Task<ActionItemView> AddAsync(ClaimsPrincipal user, int incidentId, string title, string? ownerId, DateOnly? dueDate,
        ActionItemKind kind = ActionItemKind.FollowUp, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var text = CheckTitle(title);
        if (!Enum.IsDefined(kind))
        {
            throw new ValidationFailedException("Choose a task or a follow-up.");
        }
        if (!await db.Incidents.AnyAsync(i => i.Id == incidentId, ct))
        {
            throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        }
        var owner = await OwnerAsync(db, ownerId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var item = new ActionItem
        {
            IncidentId = incidentId,
            Title = text,
            OwnerId = owner?.UserId,
            OwnerName = owner?.DisplayName,
            DueDate = dueDate,
            State = ActionItemState.Open,
            Kind = kind,
            CreatedAt = now,
        };
        db.ActionItems.Add(item);
        if (kind == ActionItemKind.Task)
        {
            var assigned = owner is null ? "" : $", assigned to {owner.DisplayName}";
            db.TimelineEntries.Add(TimelineEntry.System(incidentId, actor, now, $"{actor.DisplayName} added the task \"{text}\"{assigned}.", keyEvent: false));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.TasksChanged));
        return View(item, Today());
    }

    public async Task UpdateAsync(ClaimsPrincipal user, int actionItemId, int expectedVersion, string title, string? ownerId, DateOnly? dueDate,
        ActionItemState state, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var text = CheckTitle(title);
        if (!Enum.IsDefined(state))
        {
            throw new ValidationFailedException("Choose a state: open, in progress or done.");
        }
        var item = await db.ActionItems.FirstOrDefaultAsync(a => a.Id == actionItemId, ct)
            ?? throw new NotFoundException("That action item does not exist.");
        if (item.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException("Someone else changed this action item while you were editing it. Your changes are kept; check the latest and save again.");
        }
        // Keeping the current owner is allowed even if they have since been disabled.
        var owner = ownerId is not null && ownerId == item.OwnerId ? new Actor(ownerId, item.OwnerName ?? "", AppRoles.Responder) : await OwnerAsync(db, ownerId, ct);
        var changes = new List<string>();
        if (item.OwnerId != owner?.UserId)
        {
            changes.Add(owner is null ? "unassigned it" : $"assigned it to {owner.DisplayName}");
        }
        if (item.State != state)
        {
            changes.Add($"marked it {ActionItemStates.Label(state).ToLowerInvariant()}");
        }
        if (item.Title != text)
        {
            changes.Add($"renamed it from \"{item.Title}\"");
        }
        item.Title = text;
        item.OwnerId = owner?.UserId;
        item.OwnerName = owner?.DisplayName;
        item.DueDate = dueDate;
        item.State = state;
        item.Version++;
        if (item.Kind == ActionItemKind.Task && changes.Count > 0)
        {
            db.TimelineEntries.Add(TimelineEntry.System(item.IncidentId, actor, clock.GetUtcNow().UtcDateTime,
                $"Task \"{text}\": {actor.DisplayName} {string.Join(" and ", changes)}.", keyEvent: false));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Someone else changed this action item at the same moment. Your changes are kept; check the latest and save again.");
        }
        await notifier.PublishAsync(new IncidentChanged(item.IncidentId, IncidentChangeKind.TasksChanged));
    }

    /// <summary>Turns an unfinished task into a follow-up, so the post-mortem lists it and it is tracked after the incident.</summary>
    public async Task ConvertToFollowUpAsync(ClaimsPrincipal user, int actionItemId, int expectedVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var item = await db.ActionItems.FirstOrDefaultAsync(a => a.Id == actionItemId, ct)
            ?? throw new NotFoundException("That action item does not exist.");
        if (item.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException("Someone else changed this task in the meantime; check it and try again.");
        }
        if (item.Kind != ActionItemKind.Task)
        {
            throw new ValidationFailedException("It already is a follow-up.");
        }
        item.Kind = ActionItemKind.FollowUp;
        item.Version++;
        db.TimelineEntries.Add(TimelineEntry.System(item.IncidentId, actor, clock.GetUtcNow().UtcDateTime,
            $"{actor.DisplayName} made the task \"{item.Title}\" a follow-up.", keyEvent: false));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Someone else changed this task at the same moment; check it and try again.");
        }
        await notifier.PublishAsync(new IncidentChanged(item.IncidentId, IncidentChangeKind.TasksChanged));
    }

    private static string CheckTitle(string? title)
    {
        var text = (title ?? "").Trim();
        if (text.Length == 0)
        {
            throw new ValidationFailedException("Say what needs to be done.");
        }
        return text.Length <= ActionItem.TitleMaxLength ? text
            : throw new ValidationFailedException($"An action item can be at most {ActionItem.TitleMaxLength} characters.");
    }

    /// <summary>An owner is someone who can respond (Admin or Responder) and is not disabled.</summary>
    private async Task<Actor?> OwnerAsync(AppDbContext db, string? ownerId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(ownerId))
        {
            return null;
        }
        var person = await db.Users.AsNoTracking().Where(u => u.Id == ownerId).Select(u => new { u.Id, u.DisplayName, u.LockoutEnd }).FirstOrDefaultAsync(ct);
        var role = person is null ? null : await db.UserRoles.Where(ur => ur.UserId == ownerId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefaultAsync(ct);
        if (person is null || role is null || person.LockoutEnd > clock.GetUtcNow())
        {
            throw new ValidationFailedException("That person does not exist or is disabled.");
        }
        var owner = new Actor(person.Id, person.DisplayName, role);
        return owner.CanRespond ? owner : throw new ValidationFailedException($"{person.DisplayName} is a Viewer and cannot own an action item.");
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static ActionItemView View(ActionItem a, DateOnly today, string incidentTitle = "") =>
        new(a.Id, a.IncidentId, IncidentReference.Format(a.IncidentId), a.Title, a.OwnerId, a.OwnerName, a.DueDate, a.State,
            a.State != ActionItemState.Done && a.DueDate < today, a.Version, a.Kind, incidentTitle);
}
