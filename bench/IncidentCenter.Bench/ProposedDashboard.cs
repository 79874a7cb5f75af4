using System.Linq.Expressions;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Bench;

/// <summary>
/// A copy of IncidentQueries.DashboardAsync with the proposed fixes, for before/after figures:
/// 1. ORDER BY leaves out IsOpen when the filter fixes it (State or OpenOnly), so (State, DeclaredAt) gives the order.
/// 2. Index (Severity, IsOpen, DeclaredAt) instead of (Severity, DeclaredAt), so a severity page needs no sort.
/// 3. The service filter is counted with IN (subquery), driven by (ServiceId, IncidentId); the page keeps EXISTS.
/// 4. Title search goes through an FTS5 trigram index (substring match, case-insensitive) for 3+ characters.
/// </summary>
internal static class ProposedDashboard
{
    /// <summary>What the proposed migration would run.</summary>
    public const string Migration = """
        DROP INDEX "IX_Incidents_Severity_DeclaredAt";
        CREATE INDEX "IX_Incidents_Severity_IsOpen_DeclaredAt" ON "Incidents" ("Severity", "IsOpen", "DeclaredAt");

        CREATE VIRTUAL TABLE "IncidentTitleSearch" USING fts5("Title", content='Incidents', content_rowid='Id', tokenize='trigram');
        INSERT INTO "IncidentTitleSearch"("IncidentTitleSearch") VALUES ('rebuild');
        CREATE TRIGGER "Incidents_TitleSearch_Insert" AFTER INSERT ON "Incidents" BEGIN
            INSERT INTO "IncidentTitleSearch"(rowid, "Title") VALUES (new."Id", new."Title");
        END;
        CREATE TRIGGER "Incidents_TitleSearch_Delete" AFTER DELETE ON "Incidents" BEGIN
            INSERT INTO "IncidentTitleSearch"("IncidentTitleSearch", rowid, "Title") VALUES ('delete', old."Id", old."Title");
        END;
        CREATE TRIGGER "Incidents_TitleSearch_Update" AFTER UPDATE OF "Title" ON "Incidents" BEGIN
            INSERT INTO "IncidentTitleSearch"("IncidentTitleSearch", rowid, "Title") VALUES ('delete', old."Id", old."Title");
            INSERT INTO "IncidentTitleSearch"(rowid, "Title") VALUES (new."Id", new."Title");
        END;
        """;

    public static async Task<DashboardPage> DashboardAsync(AppDbContext db, DashboardFilter filter, CancellationToken ct)
    {
        var pageSize = Math.Clamp(filter.PageSize, 1, IncidentQueries.MaxPageSize);
        var page = Math.Max(0, filter.Page);
        // Two shapes of the same filter: the count is driven by the most selective index, the page
        // walks the (IsOpen, DeclaredAt) / (State, DeclaredAt) order and stops after one page.
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
            // "WHERE IsOpen" scans a whole index; "State < 3" is a range on (State, DeclaredAt).
            countQuery = countQuery.Where(i => i.State < IncidentState.Resolved);
            query = query.Where(i => i.IsOpen);
        }
        if (filter.ServiceId is { } serviceId)
        {
            var linked = db.IncidentServices.Where(l => l.ServiceId == serviceId).Select(l => l.IncidentId);
            countQuery = countQuery.Where(i => linked.Contains(i.Id));
            query = query.Where(i => db.IncidentServices.Any(l => l.ServiceId == serviceId && l.IncidentId == i.Id));
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            var isReference = IncidentReference.TryParse(text, out var id);
            if (text.Length >= 3)
            {
                // A quoted FTS5 phrase: with the trigram tokenizer it matches any substring of 3+ characters.
                var phrase = "\"" + text.Replace("\"", "\"\"") + "\"";
                var matches = db.Database.SqlQuery<int>($"""SELECT rowid AS "Value" FROM "IncidentTitleSearch" WHERE "IncidentTitleSearch" MATCH {phrase}""");
                countQuery = isReference ? countQuery.Where(i => i.Id == id || matches.Contains(i.Id)) : countQuery.Where(i => matches.Contains(i.Id));
                // "Id + 0" keeps SQLite from driving the page from the match list (and sorting all matches):
                // it walks the order index and checks each row against the list instead.
                query = isReference ? query.Where(i => i.Id == id || matches.Contains(i.Id + 0)) : query.Where(i => matches.Contains(i.Id + 0));
            }
            else
            {
                var pattern = "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
                Expression<Func<Incident, bool>> like = isReference
                    ? i => i.Id == id || EF.Functions.Like(i.Title, pattern, "\\")
                    : i => EF.Functions.Like(i.Title, pattern, "\\");
                countQuery = countQuery.Where(like);
                query = query.Where(like);
            }
        }

        var total = await countQuery.CountAsync(ct);
        // With a State filter IsOpen is constant, and (State, DeclaredAt) gives the order without a sort.
        var ordered = filter.State is null
            ? query.OrderByDescending(i => i.IsOpen).ThenByDescending(i => i.DeclaredAt).ThenByDescending(i => i.Id)
            : query.OrderByDescending(i => i.DeclaredAt).ThenByDescending(i => i.Id);
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
}
