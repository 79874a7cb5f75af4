using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Playbooks;

/// <summary>
/// Tasks while an incident runs (the Tasks panel): who does what now. They are <see cref="ActionItem"/>s of kind
/// <see cref="ActionItemKind.Task"/> and follow the same rules as follow-ups (<see cref="ActionItemStore"/>); unlike
/// follow-ups, every change also goes into the incident's timeline, and an unfinished task can become a follow-up.
/// </summary>
public sealed class TaskService(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    IncidentNotifier notifier,
    ActionItemStore store)
{
    private const ActionItemKind Kind = ActionItemKind.Task;

    public async Task<IReadOnlyList<ActionItemView>> ListForIncidentAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return await store.ListForIncidentAsync(db, incidentId, Kind, ct);
    }

    public async Task<ActionItemView> AddAsync(ClaimsPrincipal user, int incidentId, string title, string? ownerId, DateOnly? dueDate = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var (item, owner) = await store.AddAsync(db, Kind, incidentId, title, ownerId, dueDate, ct);
        var assigned = owner is null ? "" : $", assigned to {owner.DisplayName}";
        db.TimelineEntries.Add(TimelineEntry.System(incidentId, actor, item.CreatedAt, $"{actor.DisplayName} added the task \"{item.Title}\"{assigned}.", keyEvent: false));
        await db.SaveChangesAsync(ct);
        await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.TasksChanged));
        return store.View(item);
    }

    public async Task UpdateAsync(ClaimsPrincipal user, int taskId, int expectedVersion, string title, string? ownerId, DateOnly? dueDate,
        ActionItemState state, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var (item, changes) = await store.EditAsync(db, Kind, taskId, expectedVersion, title, ownerId, dueDate, state, ct);
        if (changes.Count > 0)
        {
            db.TimelineEntries.Add(TimelineEntry.System(item.IncidentId, actor, store.Now(),
                $"Task \"{item.Title}\": {actor.DisplayName} {string.Join(" and ", changes)}.", keyEvent: false));
        }
        await ActionItemStore.SaveAsync(db, Kind, ct);
        await notifier.PublishAsync(new IncidentChanged(item.IncidentId, IncidentChangeKind.TasksChanged));
    }

    /// <summary>Turns an unfinished task into a follow-up, so the post-mortem lists it and it is tracked after the incident.</summary>
    public async Task ConvertToFollowUpAsync(ClaimsPrincipal user, int taskId, int expectedVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var item = await store.FindAsync(db, Kind, taskId, expectedVersion, ct);
        item.Kind = ActionItemKind.FollowUp;
        item.Version++;
        db.TimelineEntries.Add(TimelineEntry.System(item.IncidentId, actor, store.Now(),
            $"{actor.DisplayName} made the task \"{item.Title}\" a follow-up.", keyEvent: false));
        await ActionItemStore.SaveAsync(db, Kind, ct);
        await notifier.PublishAsync(new IncidentChanged(item.IncidentId, IncidentChangeKind.TasksChanged));
    }
}
