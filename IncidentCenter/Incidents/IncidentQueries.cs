using System.Linq.Expressions;
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
    int PageSize = 25,
    DashboardSort Sort = DashboardSort.Default,
    bool Descending = false);

/// <summary>
/// The dashboard's orders. Default: open incidents first, then the newest. The others sort by one column
/// (<see cref="DashboardFilter.Descending"/> reverses it), newest first among equals.
/// </summary>
public enum DashboardSort { Default, Reference, Severity, State }

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
    /// One page of incidents, open ones first, newest first. The page walks an index on (filter
    /// column, DeclaredAt) in that order and stops after one page. The total counts the same rows,
    /// written so that SQLite starts from the most selective index. Nothing is loaded beyond the page.
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
        if (filter.Severity is { } severity)
        {
            query = query.Where(i => i.Severity == severity);
        }
        var countQuery = query;
        if (filter.OpenOnly)
        {
            // Same rows; "State < Resolved" is a range on (State, DeclaredAt), "IsOpen" would scan a whole index.
            countQuery = countQuery.Where(i => i.State < IncidentState.Resolved);
            query = query.Where(i => i.IsOpen);
        }
        if (filter.ServiceId is { } serviceId)
        {
            // The count starts from the service's links; the page checks each incident in order.
            var linked = db.IncidentServices.Where(l => l.ServiceId == serviceId).Select(l => l.IncidentId);
            countQuery = countQuery.Where(i => linked.Contains(i.Id));
            query = query.Where(i => db.IncidentServices.Any(l => l.ServiceId == serviceId && l.IncidentId == i.Id));
        }
        // Control characters (NUL from "?q=abc%00") cannot be in a sensible title and end the FTS5
        // query string early, which SQLite reports as a syntax error; they are not searched for.
        var searchText = filter.Text is null ? null : new string(filter.Text.Where(c => !char.IsControl(c)).ToArray());
        if (!string.IsNullOrWhiteSpace(searchText))
        {
            var text = searchText.Trim();
            var isReference = IncidentReference.TryParse(text, out var id);
            if (text.EnumerateRunes().Count() >= 3)
            {
                var matches = TitleSearch(db, text);
                countQuery = isReference
                    ? countQuery.Where(i => i.Id == id || matches.Contains(i.Id))
                    : countQuery.Where(i => matches.Contains(i.Id));
                // "Id + 0" keeps SQLite from starting the page from the matches (and sorting them all):
                // it walks the order index instead and checks each row against the matches.
                query = isReference
                    ? query.Where(i => i.Id == id || matches.Contains(i.Id + 0))
                    : query.Where(i => matches.Contains(i.Id + 0));
            }
            else
            {
                // The trigram index cannot look up fewer than 3 characters: scan with LIKE, % and _ taken literally.
                var pattern = "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
                Expression<Func<Incident, bool>> like = isReference
                    ? i => i.Id == id || EF.Functions.Like(i.Title, pattern, "\\")
                    : i => EF.Functions.Like(i.Title, pattern, "\\");
                countQuery = countQuery.Where(like);
                query = query.Where(like);
            }
        }

        var total = await countQuery.CountAsync(ct);
        var ordered = Order(query, filter);
        var rows = await ordered
            .Skip(page * pageSize).Take(pageSize)
            .Select(i => new { i.Id, i.Title, i.Severity, i.State, i.DetectedAt, i.DeclaredAt, i.ResolvedAt, i.CommanderName })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var services = await db.IncidentServices.AsNoTracking()
            .Where(l => ids.Contains(l.IncidentId))
            .Select(l => new { l.IncidentId, l.Service!.Name })
            .ToListAsync(ct);
        var byIncident = services.GroupBy(s => s.IncidentId).ToDictionary(g => g.Key, g => g.Select(s => s.Name).Order().ToList());
        var openCount = await db.Incidents.CountAsync(i => i.State < IncidentState.Resolved, ct);
        return new DashboardPage(
            rows.Select(r => new IncidentRow(r.Id, r.Title, r.Severity, r.State, r.DetectedAt, r.DeclaredAt, r.ResolvedAt, r.CommanderName,
                byIncident.GetValueOrDefault(r.Id) ?? [])).ToList(),
            total,
            openCount);
    }

    private static IOrderedQueryable<Incident> Order(IQueryable<Incident> query, DashboardFilter filter)
    {
        var descending = filter.Descending;
        return filter.Sort switch
        {
            // The id is the order of declaration; the primary key gives it without a sort.
            DashboardSort.Reference => descending ? query.OrderByDescending(i => i.Id) : query.OrderBy(i => i.Id),
            DashboardSort.Severity => (descending ? query.OrderByDescending(i => i.Severity) : query.OrderBy(i => i.Severity))
                .ThenByDescending(i => i.DeclaredAt).ThenByDescending(i => i.Id),
            DashboardSort.State => (descending ? query.OrderByDescending(i => i.State) : query.OrderBy(i => i.State))
                .ThenByDescending(i => i.DeclaredAt).ThenByDescending(i => i.Id),
            // With a State filter IsOpen is the same on every row, and (State, DeclaredAt) gives the order without a sort.
            _ => filter.State is null
                ? query.OrderByDescending(i => i.IsOpen).ThenByDescending(i => i.DeclaredAt).ThenByDescending(i => i.Id)
                : query.OrderByDescending(i => i.DeclaredAt).ThenByDescending(i => i.Id),
        };
    }

    /// <summary>
    /// Ids of the incidents whose title contains <paramref name="text"/> (3 characters or more), ignoring
    /// case, through the trigram index IncidentTitleSearch (see the DashboardSearch migration).
    /// </summary>
    private static IQueryable<int> TitleSearch(AppDbContext db, string text)
    {
        // One quoted FTS5 string, sent as a parameter: the user's quotes, OR, NEAR, * or parentheses are
        // characters to find, never query syntax.
        var phrase = "\"" + text.Replace("\"", "\"\"") + "\"";
        return db.Database.SqlQuery<int>($"""SELECT rowid AS "Value" FROM "IncidentTitleSearch" WHERE "IncidentTitleSearch" MATCH {phrase}""");
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
