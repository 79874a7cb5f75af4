using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Postmortems;

/// <summary>Follow-ups from incidents: owner, due date and state, kept outside the post-mortem documents.</summary>
public sealed class ActionItemService(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<ActionItemView>> ListForIncidentAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var items = await db.ActionItems.AsNoTracking().Where(a => a.IncidentId == incidentId).OrderBy(a => a.Id).ToListAsync(ct);
        var today = Today();
        return items.Select(a => View(a, today)).ToList();
    }

    /// <summary>Open and in-progress items across all incidents: overdue first, then by due date (undated last).</summary>
    public async Task<IReadOnlyList<ActionItemView>> ListOpenAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var items = await db.ActionItems.AsNoTracking().Where(a => a.State != ActionItemState.Done).ToListAsync(ct);
        var today = Today();
        return items.Select(a => View(a, today))
            .OrderByDescending(v => v.Overdue)
            .ThenBy(v => v.DueDate is null)
            .ThenBy(v => v.DueDate)
            .ThenBy(v => v.Id)
            .ToList();
    }

    public async Task<ActionItemView> AddAsync(ClaimsPrincipal user, int incidentId, string title, string? ownerId, DateOnly? dueDate, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireResponderAsync(db, user, ct);
        var text = CheckTitle(title);
        if (!await db.Incidents.AnyAsync(i => i.Id == incidentId, ct))
        {
            throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        }
        var owner = await OwnerAsync(db, ownerId, ct);
        var item = new ActionItem
        {
            IncidentId = incidentId,
            Title = text,
            OwnerId = owner?.UserId,
            OwnerName = owner?.DisplayName,
            DueDate = dueDate,
            State = ActionItemState.Open,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ActionItems.Add(item);
        await db.SaveChangesAsync(ct);
        return View(item, Today());
    }

    public async Task UpdateAsync(ClaimsPrincipal user, int actionItemId, int expectedVersion, string title, string? ownerId, DateOnly? dueDate,
        ActionItemState state, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireResponderAsync(db, user, ct);
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
        item.Title = text;
        item.OwnerId = owner?.UserId;
        item.OwnerName = owner?.DisplayName;
        item.DueDate = dueDate;
        item.State = state;
        item.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Someone else changed this action item at the same moment. Your changes are kept; check the latest and save again.");
        }
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

    private static ActionItemView View(ActionItem a, DateOnly today) =>
        new(a.Id, a.IncidentId, IncidentReference.Format(a.IncidentId), a.Title, a.OwnerId, a.OwnerName, a.DueDate, a.State,
            a.State != ActionItemState.Done && a.DueDate < today, a.Version);
}
