using IncidentCenter.Data;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.StatusPage.Public;

/// <summary>Where the public pages get their data; tests swap it for one that fails.</summary>
public interface IPublicStatusSource
{
    Task<PublicStatusSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken = default);

    Task<PublicHistory> LoadHistoryAsync(CancellationToken cancellationToken = default);

    /// <summary>Any public incident, however old; null when there is no public incident with that id.</summary>
    Task<PublicIncidentView?> LoadIncidentAsync(int incidentId, CancellationToken cancellationToken = default);

    /// <summary>The ids a public page can be asked for: one small query, so made-up ids are answered from the cache.</summary>
    Task<PublicStatusIds> LoadIdsAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The public read side: reads only the status page tables (and a service's creation time), so
/// nothing internal can reach a public page. No caller check: everything here is public.
/// </summary>
public sealed class PublicStatusQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock) : IPublicStatusSource
{
    public async Task<PublicStatusSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var components = await PublicComponentsAsync(db, cancellationToken);

        var active = await db.PublicIncidents.AsNoTracking()
            .Where(i => i.ResolvedAt == null && i.Stage != StatusStage.Resolved)
            .Select(i => i.IncidentId)
            .ToListAsync(cancellationToken);
        var recent = await db.PublicIncidents.AsNoTracking()
            .OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.IncidentId)
            .Take(PublicStatusSnapshot.RecentIncidentLimit)
            .Select(i => i.IncidentId)
            .ToListAsync(cancellationToken);
        var incidents = await LoadIncidentsAsync(db, [.. active.Union(recent)], components, cancellationToken);

        var activeViews = incidents.Where(i => !i.IsResolved).OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id).ToList();
        var resolvedSince = now - PublicStatusSnapshot.ResolvedWindow;
        var resolvedViews = incidents.Where(i => i.IsResolved && (i.ResolvedAt ?? i.UpdatedAt) >= resolvedSince)
            .OrderByDescending(i => i.ResolvedAt ?? i.UpdatedAt).ThenByDescending(i => i.Id).ToList();
        var recentViews = incidents.Where(i => recent.Contains(i.Id)).OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id).ToList();

        var updatedAt = components.Values.Select(c => c.UpdatedAt).Concat(incidents.Select(i => i.UpdatedAt)).DefaultIfEmpty(now).Max();
        var componentList = components.Values.OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var banner = StatusBanner.Compute(componentList.Select(c => c.Status), activeViews.Select(i => i.Impact));
        return new PublicStatusSnapshot(now, updatedAt, banner, componentList, activeViews, resolvedViews, recentViews);
    }

    public async Task<PublicHistory> LoadHistoryAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var firstDay = DateOnly.FromDateTime(now).AddDays(-(PublicHistory.DayCount - 1)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var components = await PublicComponentsAsync(db, cancellationToken);
        var ids = components.Keys.ToList();
        // The first change inside the window tells, through its From, what the status was before it.
        var changes = (await db.StatusComponentChanges.AsNoTracking()
                .Where(c => ids.Contains(c.ServiceId) && c.At >= firstDay)
                .OrderBy(c => c.At).ThenBy(c => c.Id)
                .Select(c => new { c.ServiceId, c.At, c.From, c.To })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.ServiceId, c => new StatusChangePoint(c.At, c.From, c.To));

        var histories = components.Values
            .OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => new ComponentHistory(c.Id, c.Name, c.Group,
                UptimeCalculator.Days(changes[c.Id], c.Status, c.CreatedAt, now, PublicHistory.DayCount)))
            .ToList();
        var days = Enumerable.Range(0, PublicHistory.DayCount).Select(i => DateOnly.FromDateTime(firstDay).AddDays(i)).ToList();
        var incidents = await db.PublicIncidents.AsNoTracking()
            .Where(i => i.StartedAt >= firstDay || i.ResolvedAt == null || i.ResolvedAt >= firstDay)
            .OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.IncidentId)
            .Select(i => new PastIncident(i.IncidentId, i.Title, i.Stage, i.Impact, i.StartedAt, i.ResolvedAt))
            .ToListAsync(cancellationToken);
        return new PublicHistory(now, days, histories, incidents);
    }

    public async Task<PublicIncidentView?> LoadIncidentAsync(int incidentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var components = await PublicComponentsAsync(db, cancellationToken);
        var found = await LoadIncidentsAsync(db, [incidentId], components, cancellationToken);
        return found.SingleOrDefault();
    }

    public async Task<PublicStatusIds> LoadIdsAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The same public components as PublicComponentsAsync, and every incident LoadIncidentAsync finds.
        var components = await db.StatusComponents.AsNoTracking()
            .Where(c => c.IsPublic)
            .Join(db.Services, c => c.ServiceId, s => s.Id, (c, s) => c.ServiceId)
            .ToListAsync(cancellationToken);
        var incidents = await db.PublicIncidents.AsNoTracking().Select(i => i.IncidentId).ToListAsync(cancellationToken);
        return new PublicStatusIds(now, components.ToHashSet(), incidents.ToHashSet());
    }

    private static async Task<Dictionary<int, PublicComponentView>> PublicComponentsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.StatusComponents.AsNoTracking()
            .Where(c => c.IsPublic)
            .Join(db.Services, c => c.ServiceId, s => s.Id, (c, s) => new { c.ServiceId, c.PublicName, c.GroupName, c.Status, c.SortOrder, s.CreatedAt, c.StatusChangedAt })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ServiceId, r => new PublicComponentView(
            r.ServiceId, r.PublicName, string.IsNullOrWhiteSpace(r.GroupName) ? null : r.GroupName.Trim(), r.Status, r.SortOrder, r.CreatedAt, r.StatusChangedAt));
    }

    private static async Task<List<PublicIncidentView>> LoadIncidentsAsync(AppDbContext db, List<int> ids, Dictionary<int, PublicComponentView> components, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var incidents = await db.PublicIncidents.AsNoTracking()
            .Where(i => ids.Contains(i.IncidentId))
            .Include(i => i.Components)
            .Include(i => i.Updates).ThenInclude(u => u.Components)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return [.. incidents.Select(i => ToView(i, components))];
    }

    internal static PublicIncidentView ToView(PublicIncident incident, IReadOnlyDictionary<int, PublicComponentView> components)
    {
        var byId = incident.Updates.ToDictionary(u => u.Id);
        var corrected = incident.Updates.Where(u => u.CorrectionOfId is not null).Select(u => u.CorrectionOfId!.Value).ToHashSet();
        var effective = incident.Updates
            .Where(u => u.SupersededAt is null && !corrected.Contains(u.Id))
            .OrderBy(u => u.EffectiveAt).ThenBy(u => u.Id)
            .ToList();

        // Each update's components with the status they had before it (from the incident's earlier updates).
        var lastStatus = new Dictionary<int, ComponentStatus>();
        var items = new List<PublicUpdateItem>(effective.Count);
        foreach (var update in effective)
        {
            var affected = new List<AffectedComponent>();
            foreach (var change in update.Components.OrderBy(c => c.ServiceId))
            {
                var old = lastStatus.GetValueOrDefault(change.ServiceId, ComponentStatus.Operational);
                lastStatus[change.ServiceId] = change.Status;
                if (components.TryGetValue(change.ServiceId, out var component))
                {
                    affected.Add(new AffectedComponent(component.Id, component.Name, old, change.Status));
                }
            }
            var original = update.CorrectionOfId is { } originalId && byId.TryGetValue(originalId, out var o) ? o.Body : null;
            items.Add(new PublicUpdateItem(update.Id, incident.IncidentId, update.Stage, update.Impact, update.Body, update.PublishedAt, update.EffectiveAt,
                update.NextUpdateBy, update.CorrectionOfId is not null, original, affected));
        }
        items.Reverse();

        // The incident's own list, plus any component an update gave a status to.
        var incidentComponents = incident.Components.Select(c => c.ServiceId)
            .Union(effective.SelectMany(u => u.Components).Select(c => c.ServiceId))
            .Select(id => components.GetValueOrDefault(id))
            .OfType<PublicComponentView>()
            .OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var createdAt = incident.Updates.Count > 0 ? incident.Updates.Min(u => u.PublishedAt) : incident.StartedAt;
        var monitoringAt = effective.Where(u => u.Stage == StatusStage.Monitoring).Select(u => (DateTime?)u.EffectiveAt).FirstOrDefault();
        var resolved = incident.Stage == StatusStage.Resolved || incident.ResolvedAt is not null;
        return new PublicIncidentView(incident.IncidentId, incident.Title, incident.Stage, incident.Impact, incident.StartedAt, incident.ResolvedAt,
            resolved ? null : incident.NextUpdateBy, createdAt, incident.LastPublishedAt, monitoringAt, items, incidentComponents);
    }
}
