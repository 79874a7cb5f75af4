using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Incidents;

public sealed record DashboardFilter(
    IncidentState? State = null,
    bool OpenOnly = false,
    Severity? Severity = null,
    int? ServiceId = null,
    string? Text = null,
    int Page = 0,
    int PageSize = 25);

public sealed record IncidentRow(
    int Id, string Title, Severity Severity, IncidentState State, DateTime DetectedAt, DateTime DeclaredAt,
    DateTime? ResolvedAt, string CommanderName, IReadOnlyList<string> Services)
{
    public string Reference => IncidentReference.Format(Id);
}

public sealed record DashboardPage(IReadOnlyList<IncidentRow> Rows, int Total, int OpenCount);

public sealed record IncidentDetail(
    Incident Incident,
    IReadOnlyList<string> Services,
    IReadOnlyList<IncidentStateChange> StateChanges,
    IReadOnlyList<IncidentSeverityChange> SeverityChanges);

public sealed class IncidentQueries(IDbContextFactory<AppDbContext> dbFactory, ActorResolver actors, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    public async Task<DashboardPage> DashboardAsync(ClaimsPrincipal user, DashboardFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return await DashboardAsync(db, filter, ct);
    }

    /// <summary>
    /// One page of incidents, open ones first, newest first. Every filter is served by an
    /// index on (filter column, DeclaredAt); nothing is loaded beyond the page.
    /// </summary>
    internal static async Task<DashboardPage> DashboardAsync(AppDbContext db, DashboardFilter filter, CancellationToken ct)
    {
        var pageSize = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, filter.Page);
        IQueryable<Incident> query = db.Incidents.AsNoTracking();
        if (filter.State is { } state)
        {
            query = query.Where(i => i.State == state);
        }
        if (filter.OpenOnly)
        {
            query = query.Where(i => i.IsOpen);
        }
        if (filter.Severity is { } severity)
        {
            query = query.Where(i => i.Severity == severity);
        }
        if (filter.ServiceId is { } serviceId)
        {
            query = query.Where(i => db.IncidentServices.Any(l => l.ServiceId == serviceId && l.IncidentId == i.Id));
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            var pattern = "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = IncidentReference.TryParse(text, out var id)
                ? query.Where(i => i.Id == id || EF.Functions.Like(i.Title, pattern, "\\"))
                : query.Where(i => EF.Functions.Like(i.Title, pattern, "\\"));
        }

        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(i => i.IsOpen).ThenByDescending(i => i.DeclaredAt).ThenByDescending(i => i.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(i => new { i.Id, i.Title, i.Severity, i.State, i.DetectedAt, i.DeclaredAt, i.ResolvedAt, i.CommanderName })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var services = await db.IncidentServices.AsNoTracking()
            .Where(l => ids.Contains(l.IncidentId))
            .Select(l => new { l.IncidentId, l.Service!.Name })
            .ToListAsync(ct);
        var byIncident = services.GroupBy(s => s.IncidentId).ToDictionary(g => g.Key, g => g.Select(s => s.Name).Order().ToList());
        var openCount = await db.Incidents.CountAsync(i => i.IsOpen, ct);
        return new DashboardPage(
            rows.Select(r => new IncidentRow(r.Id, r.Title, r.Severity, r.State, r.DetectedAt, r.DeclaredAt, r.ResolvedAt, r.CommanderName,
                byIncident.GetValueOrDefault(r.Id) ?? [])).ToList(),
            total,
            openCount);
    }

    public async Task<IncidentDetail> GetAsync(ClaimsPrincipal user, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var incident = await db.Incidents.AsNoTracking()
            .Include(i => i.Roles)
            .AsSplitQuery()
            .FirstOrDefaultAsync(i => i.Id == id, ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(id)} does not exist.");
        var services = await db.IncidentServices.AsNoTracking().Where(l => l.IncidentId == id)
            .Select(l => l.Service!.Name).OrderBy(n => n).ToListAsync(ct);
        var states = await db.IncidentStateChanges.AsNoTracking().Where(s => s.IncidentId == id).OrderBy(s => s.At).ThenBy(s => s.Id).ToListAsync(ct);
        var severities = await db.IncidentSeverityChanges.AsNoTracking().Where(s => s.IncidentId == id).OrderBy(s => s.At).ThenBy(s => s.Id).ToListAsync(ct);
        return new IncidentDetail(incident, services, states, severities);
    }

    /// <summary>People who can hold an incident role (Admins and Responders who are not disabled).</summary>
    public async Task<IReadOnlyList<(string Id, string DisplayName)>> AssignablePeopleAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var people = await db.Users.AsNoTracking()
            .Join(db.UserRoles, u => u.Id, ur => ur.UserId, (u, ur) => new { u.Id, u.DisplayName, u.LockoutEnd, ur.RoleId })
            .Join(db.Roles.Where(r => r.Name == AppRoles.Admin || r.Name == AppRoles.Responder), x => x.RoleId, r => r.Id, (x, _) => x)
            .OrderBy(x => x.DisplayName)
            .ToListAsync(ct);
        // A lockout that has run out leaves LockoutEnd in the past; SQLite cannot compare DateTimeOffset, so filter here.
        var now = clock.GetUtcNow();
        return people.Where(p => p.LockoutEnd is null || p.LockoutEnd <= now).Select(p => (p.Id, p.DisplayName)).ToList();
    }
}
