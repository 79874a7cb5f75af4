using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Postmortems;

/// <summary>
/// The rules every <see cref="ActionItem"/> follows, tasks and follow-ups alike: title and owner checks, the
/// <c>expectedVersion</c> check, applying an edit and saving it. Used by <see cref="ActionItemService"/> (follow-ups)
/// and <c>Playbooks.TaskService</c> (tasks), which check who may do what first: this class does no authorization
/// and never saves on its own except through <see cref="SaveAsync"/>, so a service can add its own rows (the
/// timeline entry of a task) to the same save.
/// </summary>
public sealed class ActionItemStore(TimeProvider clock)
{
    public DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public DateTime Now() => clock.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<ActionItemView>> ListForIncidentAsync(AppDbContext db, int incidentId, ActionItemKind kind, CancellationToken ct)
    {
        var items = await db.ActionItems.AsNoTracking().Where(a => a.IncidentId == incidentId && a.Kind == kind).OrderBy(a => a.Id).ToListAsync(ct);
        var today = Today();
        return items.Select(a => View(a, today)).ToList();
    }

    /// <summary>Checks a new item and adds it to <paramref name="db"/> (not saved yet).</summary>
    public async Task<(ActionItem Item, Actor? Owner)> AddAsync(AppDbContext db, ActionItemKind kind, int incidentId, string? title, string? ownerId,
        DateOnly? dueDate, CancellationToken ct)
    {
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
            Kind = kind,
            CreatedAt = Now(),
        };
        db.ActionItems.Add(item);
        return (item, owner);
    }

    /// <summary>
    /// Loads the item of this kind the person saw (<paramref name="expectedVersion"/>), refusing it if someone else
    /// changed it since. An item of the other kind is "not found": each feature changes only its own items.
    /// </summary>
    public async Task<ActionItem> FindAsync(AppDbContext db, ActionItemKind kind, int actionItemId, int expectedVersion, CancellationToken ct)
    {
        var item = await db.ActionItems.FirstOrDefaultAsync(a => a.Id == actionItemId, ct);
        if (item is not null && item.Version != expectedVersion)
        {
            // Checked before the kind: a task made a follow-up meanwhile is a change by someone else.
            throw new ConcurrencyConflictException($"Someone else changed this {Noun(kind)} while you were editing it. Your changes are kept; check the latest and save again.");
        }
        return item is not null && item.Kind == kind ? item : throw new NotFoundException($"That {Noun(kind)} does not exist.");
    }

    /// <summary>
    /// Applies an edit to the item of this kind the person saw and returns what changed, in words for the
    /// timeline ("assigned it to …"); not saved yet.
    /// </summary>
    public async Task<(ActionItem Item, IReadOnlyList<string> Changes)> EditAsync(AppDbContext db, ActionItemKind kind, int actionItemId, int expectedVersion,
        string? title, string? ownerId, DateOnly? dueDate, ActionItemState state, CancellationToken ct)
    {
        var text = CheckTitle(title);
        if (!Enum.IsDefined(state))
        {
            throw new ValidationFailedException("Choose a state: open, in progress or done.");
        }
        var item = await FindAsync(db, kind, actionItemId, expectedVersion, ct);
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
        return (item, changes);
    }

    /// <summary>Saves; a write that lost the race to another one on the same item is a conflict the person can retry.</summary>
    public static async Task SaveAsync(AppDbContext db, ActionItemKind kind, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException($"Someone else changed this {Noun(kind)} at the same moment. Your changes are kept; check the latest and save again.");
        }
    }

    public ActionItemView View(ActionItem a, string incidentTitle = "") => View(a, Today(), incidentTitle);

    private static ActionItemView View(ActionItem a, DateOnly today, string incidentTitle = "") =>
        new(a.Id, a.IncidentId, IncidentReference.Format(a.IncidentId), a.Title, a.OwnerId, a.OwnerName, a.DueDate, a.State,
            a.State != ActionItemState.Done && a.DueDate < today, a.Version, a.Kind, incidentTitle);

    private static string Noun(ActionItemKind kind) => kind == ActionItemKind.Task ? "task" : "action item";

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
}
