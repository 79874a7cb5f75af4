using IncidentCenter.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.MetricsBench;

/// <summary>
/// Three years of incidents with their recorded moves (declared, identified, monitoring, resolved, closed;
/// 5 % reopened; 10 % escalated), through raw prepared SQL in one transaction. Resolution gets faster over
/// time, so the charts have a trend to show.
/// </summary>
internal static class Seed
{
    public static readonly DateTime End = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Start = End.AddYears(-3);

    private static readonly string[] Services =
    [
        "api-gateway", "auth", "billing", "checkout", "search", "catalog", "notifications", "email", "cdn", "dns",
        "primary-db", "reporting", "mobile-backend", "web-frontend", "queue", "cache", "storage", "payments", "analytics", "admin-portal",
    ];

    public static async Task RunAsync(AppDbContext db, int count)
    {
        var rng = new Random(42);
        var declared = Enumerable.Range(0, count)
            .Select(_ => Start.AddSeconds(rng.NextDouble() * (End - Start).TotalSeconds))
            .Order().ToArray();

        await db.Database.OpenConnectionAsync();
        var conn = (SqliteConnection)db.Database.GetDbConnection();
        await using var tx = conn.BeginTransaction();

        SqliteCommand Prepare(string sql, params string[] names)
        {
            var command = conn.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            foreach (var n in names)
            {
                command.Parameters.AddWithValue(n, DBNull.Value);
            }
            command.Prepare();
            return command;
        }

        using var svc = Prepare("""INSERT INTO "Services" ("Name", "Description", "CreatedAt") VALUES ($name, NULL, $at)""", "$name", "$at");
        foreach (var s in Services)
        {
            svc.Parameters["$name"].Value = s;
            svc.Parameters["$at"].Value = Start;
            svc.ExecuteNonQuery();
        }

        using var inc = Prepare("""
            INSERT INTO "Incidents" ("Id", "Title", "Description", "Severity", "State", "IsOpen", "DetectedAt", "DeclaredAt",
                "StateChangedAt", "ResolvedAt", "ClosedAt", "DeclaredById", "CommanderId", "CommanderName", "Version")
            VALUES ($id, $title, '', $sev, $state, $open, $detected, $declared, $changed, $resolved, $closed, 'bench-user', 'bench-user', 'Bench', 1)
            """, "$id", "$title", "$sev", "$state", "$open", "$detected", "$declared", "$changed", "$resolved", "$closed");
        using var move = Prepare("""INSERT INTO "IncidentStateChanges" ("IncidentId", "From", "To", "At", "ByUserId") VALUES ($i, $from, $to, $at, 'bench-user')""", "$i", "$from", "$to", "$at");
        using var sevMove = Prepare("""INSERT INTO "IncidentSeverityChanges" ("IncidentId", "From", "To", "At", "ByUserId") VALUES ($i, $from, $to, $at, 'bench-user')""", "$i", "$from", "$to", "$at");
        using var link = Prepare("""INSERT INTO "IncidentServices" ("IncidentId", "ServiceId") VALUES ($i, $s)""", "$i", "$s");

        // Moves wait until their incident row is in (foreign key).
        var moves = new List<(int? From, int To, DateTime At)>();
        void Move(int id, int? from, int to, DateTime at) => moves.Add((from, to, at));

        for (var n = 0; n < count; n++)
        {
            var id = n + 1;
            var at = declared[n];
            moves.Clear();
            var age = (End - at).TotalDays / (End - Start).TotalDays; // 1 = oldest, 0 = newest
            var r = rng.NextDouble();
            var sev = r < 0.05 ? 1 : r < 0.20 ? 2 : r < 0.60 ? 3 : 4;
            var open = (End - at).TotalDays < 3 && rng.NextDouble() < 0.5 || rng.NextDouble() < 0.005;
            var speed = 0.5 + age; // older incidents took up to three times as long

            Move(id, null, 0, at);
            var t = at.AddMinutes(rng.Next(1, 20) * speed * sev);
            var state = 0;
            if (rng.NextDouble() < 0.8)
            {
                Move(id, 0, 1, t);
                state = 1;
                t = t.AddMinutes(rng.Next(5, 60) * speed * sev);
            }
            if (rng.NextDouble() < 0.6)
            {
                Move(id, state, 2, t);
                state = 2;
                t = t.AddMinutes(rng.Next(10, 120) * speed * sev);
            }
            DateTime? resolved = null, closed = null;
            if (!open)
            {
                Move(id, state, 3, t);
                state = 3;
                if (rng.NextDouble() < 0.05)
                {
                    Move(id, 3, 0, t.AddHours(2));
                    t = t.AddHours(2 + rng.Next(1, 6) * speed);
                    Move(id, 0, 3, t);
                }
                resolved = t;
                if (rng.NextDouble() < 0.7)
                {
                    closed = t.AddDays(rng.Next(1, 10));
                    Move(id, 3, 4, closed.Value);
                    state = 4;
                }
            }

            var escalated = sev > 1 && rng.NextDouble() < 0.1;
            var finalSev = escalated ? sev - 1 : sev;

            inc.Parameters["$id"].Value = id;
            inc.Parameters["$title"].Value = $"Bench incident {id}";
            inc.Parameters["$sev"].Value = finalSev;
            inc.Parameters["$state"].Value = state;
            inc.Parameters["$open"].Value = state < 3 ? 1 : 0;
            inc.Parameters["$detected"].Value = at.AddMinutes(-rng.Next(0, 30) * speed);
            inc.Parameters["$declared"].Value = at;
            inc.Parameters["$changed"].Value = closed ?? resolved ?? t;
            inc.Parameters["$resolved"].Value = (object?)resolved ?? DBNull.Value;
            inc.Parameters["$closed"].Value = (object?)closed ?? DBNull.Value;
            inc.ExecuteNonQuery();

            move.Parameters["$i"].Value = id;
            foreach (var (from, to, when) in moves)
            {
                move.Parameters["$from"].Value = (object?)from ?? DBNull.Value;
                move.Parameters["$to"].Value = to;
                move.Parameters["$at"].Value = when;
                move.ExecuteNonQuery();
            }
            sevMove.Parameters["$i"].Value = id;
            sevMove.Parameters["$from"].Value = DBNull.Value;
            sevMove.Parameters["$to"].Value = sev;
            sevMove.Parameters["$at"].Value = at;
            sevMove.ExecuteNonQuery();
            if (escalated)
            {
                sevMove.Parameters["$from"].Value = sev;
                sevMove.Parameters["$to"].Value = finalSev;
                sevMove.Parameters["$at"].Value = at.AddMinutes(30);
                sevMove.ExecuteNonQuery();
            }

            link.Parameters["$i"].Value = id;
            foreach (var s in Enumerable.Range(1, Services.Length).OrderBy(_ => rng.Next()).Take(rng.Next(1, 3)))
            {
                link.Parameters["$s"].Value = s;
                link.ExecuteNonQuery();
            }
        }

        await tx.CommitAsync();
        await db.Database.CloseConnectionAsync();
    }
}
