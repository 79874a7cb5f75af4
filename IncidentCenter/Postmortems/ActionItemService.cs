using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Postmortems;

/// <summary>
/// Follow-ups (action items) of a post-mortem: what is to be done after an incident, with owner, due date and state.
/// Also the open-items list across incidents behind /follow-ups, which shows tasks too. Tasks during an incident are
/// <c>Playbooks.TaskService</c>; both keep their shared rules in <see cref="ActionItemStore"/>.
/// </summary>
public sealed class ActionItemService(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    IncidentNotifier notifier,
    ActionItemStore store)
{
    private const ActionItemKind Kind = ActionItemKind.FollowUp;

    public async Task<IReadOnlyList<ActionItemView>> ListForIncidentAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return await store.ListForIncidentAsync(db, incidentId, Kind, ct);
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
        return items.Select(x => store.View(x.Item, x.Title))
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
        var (item, _) = await store.AddAsync(db, Kind, incidentId, title, ownerId, dueDate, ct);
        await db.SaveChangesAsync(ct);
        await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.TasksChanged));
        return store.View(item);
    }

    public async Task UpdateAsync(ClaimsPrincipal user, int actionItemId, int expectedVersion, string title, string? ownerId, DateOnly? dueDate,
        ActionItemState state, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireResponderAsync(db, user, ct);
        var (item, _) = await store.EditAsync(db, Kind, actionItemId, expectedVersion, title, ownerId, dueDate, state, ct);
        await ActionItemStore.SaveAsync(db, Kind, ct);
        await notifier.PublishAsync(new IncidentChanged(item.IncidentId, IncidentChangeKind.TasksChanged));
    }
}
