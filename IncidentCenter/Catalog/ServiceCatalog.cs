using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Catalog;

public sealed record ServiceItem(int Id, string Name, string? Description);

public sealed class ServiceCatalog(IDbContextFactory<AppDbContext> dbFactory, ActorResolver actors, TimeProvider clock)
{
    public const int NameMaxLength = 100;

    public async Task<IReadOnlyList<ServiceItem>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return await db.Services.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new ServiceItem(s.Id, s.Name, s.Description)).ToListAsync(ct);
    }

    public async Task<ServiceItem> AddAsync(ClaimsPrincipal user, string name, string? description, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireResponderAsync(db, user, ct);
        var services = await ResolveAsync(db, [], [name], ct);
        if (!string.IsNullOrWhiteSpace(description))
        {
            services[0].Description = description.Trim();
        }
        await db.SaveChangesAsync(ct);
        return new ServiceItem(services[0].Id, services[0].Name, services[0].Description);
    }

    /// <summary>
    /// The services for an incident: existing ones by id, plus names typed in on the spot
    /// (matched case-insensitively to existing ones, otherwise added). Tracked in <paramref name="db"/>.
    /// </summary>
    internal async Task<List<Service>> ResolveAsync(AppDbContext db, IEnumerable<int> ids, IEnumerable<string> newNames, CancellationToken ct)
    {
        var idList = ids.Distinct().ToList();
        var result = await db.Services.Where(s => idList.Contains(s.Id)).ToListAsync(ct);
        if (result.Count != idList.Count)
        {
            throw new ValidationFailedException("One of the chosen services no longer exists; reload the list.");
        }
        foreach (var raw in newNames)
        {
            var name = (raw ?? "").Trim();
            if (name.Length == 0)
            {
                continue;
            }
            if (name.Length > NameMaxLength)
            {
                throw new ValidationFailedException($"A service name can be at most {NameMaxLength} characters.");
            }
            if (result.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var existing = await db.Services.FirstOrDefaultAsync(s => s.Name == name, ct); // NOCASE collation
            if (existing is null)
            {
                existing = new Service { Name = name, CreatedAt = clock.GetUtcNow().UtcDateTime };
                db.Services.Add(existing);
            }
            result.Add(existing);
        }
        return result;
    }
}
