using IncidentCenter.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Bench;

/// <summary>Fills a migrated database with a realistic incident history, through raw prepared SQL in one transaction.</summary>
internal static class Seed
{
    public const int ServiceCount = 20;

    private static readonly string[] Services =
    [
        "api-gateway", "auth", "billing", "checkout", "search", "catalog", "notifications", "email", "cdn", "dns",
        "primary-db", "reporting", "mobile-backend", "web-frontend", "queue", "cache", "storage", "payments", "analytics", "admin-portal",
    ];

    private static readonly string[] Subjects =
    [
        "API", "database", "checkout", "login", "payments", "search", "CDN", "DNS", "queue", "cache",
        "email delivery", "reports", "mobile app", "web frontend", "storage",
    ];

    private static readonly string[] Problems =
    [
        "latency spike", "elevated 5xx errors", "outage", "degraded performance", "timeouts", "replication lag",
        "connection errors", "high CPU", "memory leak", "certificate expired", "partial outage", "failed deploy",
    ];

    private static readonly string[] Extras =
    [
        "in eu-west", "in us-east", "for some users", "after deploy", "during peak", "on mobile", "for enterprise customers",
        "since midnight", "intermittently", "after config change", "in staging", "for new sign-ups",
    ];

    private static readonly (string Id, string Name)[] Commanders =
    [
        ("user-1", "Ada Lovelace"), ("user-2", "Grace Hopper"), ("user-3", "Linus Torvalds"),
        ("user-4", "Margaret Hamilton"), ("user-5", "Ken Thompson"), ("user-6", "Barbara Liskov"),
    ];

    public static async Task RunAsync(AppDbContext db, int count)
    {
        var rng = new Random(42);
        var end = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var start = end.AddYears(-3);
        // Ascending dates, so ids grow with time as they do in a live system.
        var declared = Enumerable.Range(0, count)
            .Select(_ => start.AddSeconds(rng.NextDouble() * (end - start).TotalSeconds))
            .Order().ToArray();

        await db.Database.OpenConnectionAsync();
        var conn = (SqliteConnection)db.Database.GetDbConnection();
        await using var tx = conn.BeginTransaction();

        using (var svc = conn.CreateCommand())
        {
            svc.Transaction = tx;
            svc.CommandText = """INSERT INTO "Services" ("Name", "Description", "CreatedAt") VALUES ($name, NULL, $at)""";
            var name = svc.Parameters.Add("$name", SqliteType.Text);
            svc.Parameters.AddWithValue("$at", start);
            svc.Prepare();
            foreach (var s in Services)
            {
                name.Value = s;
                svc.ExecuteNonQuery();
            }
        }

        using var inc = conn.CreateCommand();
        inc.Transaction = tx;
        inc.CommandText = """
            INSERT INTO "Incidents" ("Id", "Title", "Description", "Severity", "State", "IsOpen", "DetectedAt", "DeclaredAt",
                "StateChangedAt", "ResolvedAt", "ClosedAt", "DeclaredById", "CommanderId", "CommanderName", "Version")
            VALUES ($id, $title, $desc, $sev, $state, $open, $detected, $declared, $changed, $resolved, $closed, $by, $cid, $cname, 1)
            """;
        var p = new[] { "$id", "$title", "$desc", "$sev", "$state", "$open", "$detected", "$declared", "$changed", "$resolved", "$closed", "$by", "$cid", "$cname" }
            .ToDictionary(n => n, n => inc.Parameters.AddWithValue(n, DBNull.Value));
        inc.Prepare();

        using var link = conn.CreateCommand();
        link.Transaction = tx;
        link.CommandText = """INSERT INTO "IncidentServices" ("IncidentId", "ServiceId") VALUES ($i, $s)""";
        var li = link.Parameters.Add("$i", SqliteType.Integer);
        var ls = link.Parameters.Add("$s", SqliteType.Integer);
        link.Prepare();

        for (var n = 0; n < count; n++)
        {
            var id = n + 1;
            var open = rng.NextDouble() < 0.02;
            var state = open ? rng.Next(0, 3) : (rng.NextDouble() < 0.3 ? 3 : 4);
            var r = rng.NextDouble();
            var sev = r < 0.05 ? 1 : r < 0.20 ? 2 : r < 0.60 ? 3 : 4;
            var at = declared[n];
            DateTime? resolved = open ? null : at.AddMinutes(10 + rng.Next(0, 2 * 24 * 60));
            DateTime? closed = state == 4 ? resolved!.Value.AddDays(rng.Next(1, 14)) : null;
            var commander = Commanders[rng.Next(Commanders.Length)];
            var title = $"{Subjects[rng.Next(Subjects.Length)]} {Problems[rng.Next(Problems.Length)]} {Extras[rng.Next(Extras.Length)]}";

            p["$id"].Value = id;
            p["$title"].Value = title;
            p["$desc"].Value = $"Customers reported {title.ToLowerInvariant()}. Investigation ongoing; see timeline for details.";
            p["$sev"].Value = sev;
            p["$state"].Value = state;
            p["$open"].Value = open ? 1 : 0;
            p["$detected"].Value = at.AddMinutes(-rng.Next(0, 60));
            p["$declared"].Value = at;
            p["$changed"].Value = closed ?? resolved ?? at.AddMinutes(rng.Next(0, 120));
            p["$resolved"].Value = (object?)resolved ?? DBNull.Value;
            p["$closed"].Value = (object?)closed ?? DBNull.Value;
            p["$by"].Value = Commanders[rng.Next(Commanders.Length)].Id;
            p["$cid"].Value = commander.Id;
            p["$cname"].Value = commander.Name;
            inc.ExecuteNonQuery();

            li.Value = id;
            foreach (var s in Enumerable.Range(1, ServiceCount).OrderBy(_ => rng.Next()).Take(rng.Next(1, 4)))
            {
                ls.Value = s;
                link.ExecuteNonQuery();
            }
        }

        await tx.CommitAsync();
        await db.Database.CloseConnectionAsync();
    }
}
