using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using IncidentCenter.Bench;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

// Dashboard query benchmark: IncidentQueries.DashboardAsync over N seeded incidents in SQLite.
// Usage: dotnet run -c Release --project bench/IncidentCenter.Bench -- [count]
const double TargetMs = 50;
const int WarmUp = 3, Runs = 30;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var dir = Directory.CreateTempSubdirectory("incidentcenter-bench-");
var path = Path.Combine(dir.FullName, "bench.db");
var builder = new DbContextOptionsBuilder<AppDbContext>();
AppDbContext.Configure(builder, $"Data Source={path}");
var options = builder.Options;

var sw = Stopwatch.StartNew();
await using (var db = new AppDbContext(options))
{
    await DatabaseStartup.MigrateAsync(db);
    await Seed.RunAsync(db, count);
}
Console.WriteLine($"Seeded {count:N0} incidents into {path} in {sw.Elapsed.TotalSeconds:F1} s");

Case[] cases =
[
    new("no filter", new DashboardFilter()),
    new("OpenOnly", new DashboardFilter(OpenOnly: true)),
    new("State=Resolved", new DashboardFilter(State: IncidentState.Resolved)),
    new("State=Closed (extra)", new DashboardFilter(State: IncidentState.Closed)),
    new("Severity=Sev1", new DashboardFilter(Severity: Severity.Sev1)),
    new("Severity=Sev4 (extra)", new DashboardFilter(Severity: Severity.Sev4)),
    new("ServiceId=7", new DashboardFilter(ServiceId: 7)),
    new("Text=\"database\"", new DashboardFilter(Text: "database")),
    new("Text=\"INC-50000\"", new DashboardFilter(Text: "INC-50000")),
    new("Text=\"kubernetes\" (extra, no match)", new DashboardFilter(Text: "kubernetes")),
    new("Sev1 + ServiceId=7 + Text=\"database\"", new DashboardFilter(Severity: Severity.Sev1, ServiceId: 7, Text: "database")),
    new("Page=2000, no filter", new DashboardFilter(Page: 2000), FirstPage: false),
];

var results = new List<Result>();
Console.WriteLine("\n## IncidentQueries.DashboardAsync, migrated schema");
foreach (var c in cases)
{
    results.Add(await MeasureAsync(c));
}

Console.WriteLine("\n## Query plans (the SQL EF sends, captured by an interceptor)");
foreach (var c in cases.Where(c => c.FirstPage))
{
    await ExplainAsync(c);
}

string sqliteVersion;
await using (var db = new AppDbContext(options))
{
    sqliteVersion = await db.Database.SqlQueryRaw<string>("SELECT sqlite_version() AS \"Value\"").SingleAsync();
}
Console.WriteLine($"\n## Dashboard query, {count:N0} incidents, {Runs} runs after {WarmUp} warm-ups, new DbContext per run, target < {TargetMs} ms for first pages\n");
Console.WriteLine("| case | rows | total | median ms | p95 ms | max ms | result |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
foreach (var r in results)
{
    var verdict = !r.Case.FirstPage ? "(deep page, no target)" : r.P95 < TargetMs ? "PASS" : "FAIL";
    Console.WriteLine(FormattableString.Invariant(
        $"| {r.Case.Name} | {r.Rows} | {r.Total} | {r.Median:F1} | {r.P95:F1} | {r.Max:F1} | {verdict} |"));
}
Console.WriteLine($"\nPASS/FAIL compares p95 with {TargetMs} ms.");
Console.WriteLine($"Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, " +
                  $"{RuntimeInformation.FrameworkDescription}, SQLite {sqliteVersion}");

SqliteConnection.ClearAllPools();
if (Environment.GetEnvironmentVariable("BENCH_KEEP_DB") is null)
{
    dir.Delete(recursive: true);
}
return 0;

async Task<Result> MeasureAsync(Case c)
{
    var times = new List<double>();
    DashboardPage page = null!;
    for (var i = 0; i < WarmUp + Runs; i++)
    {
        var t = Stopwatch.StartNew();
        await using (var db = new AppDbContext(options))
        {
            page = await IncidentQueries.DashboardAsync(db, c.Filter, CancellationToken.None);
        }
        t.Stop();
        if (i >= WarmUp)
        {
            times.Add(t.Elapsed.TotalMilliseconds);
        }
    }
    times.Sort();
    var r = new Result(c, page.Rows.Count, page.Total,
        (times[(Runs - 1) / 2] + times[Runs / 2]) / 2, times[(int)Math.Ceiling(Runs * 0.95) - 1], times[^1]);
    Console.WriteLine(FormattableString.Invariant($"{c.Name,-40} rows {r.Rows,3} total {r.Total,7}  median {r.Median,7:F1}  p95 {r.P95,7:F1}  max {r.Max,7:F1} ms"));
    return r;
}

async Task ExplainAsync(Case c)
{
    var capture = new CommandCapture();
    var captureOptions = new DbContextOptionsBuilder<AppDbContext>(options).AddInterceptors(capture).Options;
    await using (var db = new AppDbContext(captureOptions))
    {
        await IncidentQueries.DashboardAsync(db, c.Filter, CancellationToken.None);
    }
    await using var conn = new SqliteConnection($"Data Source={path}");
    await conn.OpenAsync();
    Console.WriteLine($"\n### {c.Name}");
    foreach (var (sql, parameters) in capture.Commands.Where(x => x.Sql.Contains("FROM \"Incidents\"", StringComparison.Ordinal)))
    {
        Console.WriteLine($"\n{sql}\n-- {string.Join(", ", parameters.Select(p => $"{p.Name}={p.Value}"))}");
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        await using var reader = await cmd.ExecuteReaderAsync();
        var depth = new Dictionary<long, int> { [0] = 0 };
        while (await reader.ReadAsync())
        {
            var d = depth[reader.GetInt64(0)] = depth.GetValueOrDefault(reader.GetInt64(1)) + 1;
            Console.WriteLine($"{new string(' ', 2 * d)}{reader.GetString(3)}");
        }
    }
}

internal sealed record Case(string Name, DashboardFilter Filter, bool FirstPage = true);

internal sealed record Result(Case Case, int Rows, int Total, double Median, double P95, double Max);
