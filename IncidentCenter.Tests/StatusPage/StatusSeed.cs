using IncidentCenter.Catalog;
using IncidentCenter.Data;
using IncidentCenter.StatusPage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>
/// Test data for the public status page, written straight to the status tables the way a
/// publish does (the responder-side composer is not part of this feature): a component per
/// service, public incidents, updates, corrections and component status changes.
/// </summary>
public sealed class StatusSeed(IServiceProvider services)
{
    private IDbContextFactory<AppDbContext> Factory => services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    public async Task<int> AddComponentAsync(string publicName, bool isPublic = true, string? group = null, ComponentStatus status = ComponentStatus.Operational,
        int sortOrder = 0, DateTime? createdAt = null, string? serviceName = null, string? serviceDescription = null)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var at = createdAt ?? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var service = new Service { Name = serviceName ?? $"{publicName[..Math.Min(publicName.Length, 50)]} {Guid.NewGuid():N}", Description = serviceDescription, CreatedAt = at };
        db.Services.Add(service);
        await db.SaveChangesAsync();
        db.StatusComponents.Add(new StatusComponent
        {
            ServiceId = service.Id, PublicName = publicName, GroupName = group, IsPublic = isPublic, SortOrder = sortOrder, Status = status, StatusChangedAt = at,
        });
        await db.SaveChangesAsync();
        return service.Id;
    }

    /// <summary>Records a component status change as a publish would (history row + current status).</summary>
    public async Task SetComponentStatusAsync(int serviceId, ComponentStatus to, DateTime at, int? incidentId = null)
    {
        await using var db = await Factory.CreateDbContextAsync();
        await SetComponentStatusAsync(db, serviceId, to, at, incidentId);
        await db.SaveChangesAsync();
    }

    /// <summary>Publishes one update on an (internal) incident that already exists; returns the update's id.</summary>
    public async Task<int> PublishAsync(int incidentId, string publicTitle, StatusStage stage, StatusImpact impact, string body, DateTime publishedAt,
        DateTime? effectiveAt = null, DateTime? nextUpdateBy = null, (int ServiceId, ComponentStatus Status)[]? components = null,
        int? correctionOf = null, string publishedByName = "Rita Responder")
    {
        await using var db = await Factory.CreateDbContextAsync();
        var incident = await db.PublicIncidents.Include(i => i.Components).SingleOrDefaultAsync(i => i.IncidentId == incidentId);
        if (incident is null)
        {
            incident = new PublicIncident { IncidentId = incidentId, StartedAt = effectiveAt ?? publishedAt };
            db.PublicIncidents.Add(incident);
        }
        incident.Title = publicTitle;
        incident.Stage = stage;
        incident.Impact = impact;
        incident.LastPublishedAt = publishedAt;
        incident.NextUpdateBy = stage == StatusStage.Resolved ? null : nextUpdateBy;
        incident.ResolvedAt = stage == StatusStage.Resolved ? effectiveAt ?? publishedAt : null;
        var update = new StatusUpdate
        {
            IncidentId = incidentId, Stage = stage, Impact = impact, Body = body, PublishedAt = publishedAt, EffectiveAt = effectiveAt ?? publishedAt,
            NextUpdateBy = nextUpdateBy, PublishedById = "user-id-" + publishedByName, PublishedByName = publishedByName, CorrectionOfId = correctionOf,
        };
        foreach (var (serviceId, status) in components ?? [])
        {
            update.Components.Add(new StatusUpdateComponent { ServiceId = serviceId, Status = status });
            if (incident.Components.All(c => c.ServiceId != serviceId))
            {
                incident.Components.Add(new PublicIncidentComponent { IncidentId = incidentId, ServiceId = serviceId });
            }
            await SetComponentStatusAsync(db, serviceId, status, effectiveAt ?? publishedAt, incidentId);
        }
        db.StatusUpdates.Add(update);
        if (correctionOf is { } originalId)
        {
            var original = await db.StatusUpdates.SingleAsync(u => u.Id == originalId);
            original.SupersededAt = publishedAt;
        }
        await db.SaveChangesAsync();
        return update.Id;
    }

    private static async Task SetComponentStatusAsync(AppDbContext db, int serviceId, ComponentStatus to, DateTime at, int? incidentId)
    {
        var component = await db.StatusComponents.SingleAsync(c => c.ServiceId == serviceId);
        if (component.Status == to)
        {
            return;
        }
        db.StatusComponentChanges.Add(new StatusComponentChange { ServiceId = serviceId, From = component.Status, To = to, At = at, IncidentId = incidentId });
        component.Status = to;
        component.StatusChangedAt = at;
        component.Version++;
    }
}
