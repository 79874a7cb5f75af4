using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Metrics;
using IncidentCenter.MetricsBench;
using IncidentCenter.Response;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

// Metrics benchmark: MetricsQueries.LoadFactsAsync (the four range queries) and IncidentMetrics.Compute
// over N seeded incidents (three years of history, with state and severity moves) in SQLite.
// Usage: dotnet run -c Release --project bench/IncidentCenter.MetricsBench -- [count...]
const int WarmUp = 2, Runs = 10;

var counts = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
var policies = SeverityPolicy.Defaults.ToDictionary(p => p.Severity);
var now = Seed.End;
var rows = new List<string>();

foreach (var count in counts)
{
    var dir = Directory.CreateTempSubdirectory("incidentcenter-metrics-bench-");
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

    MetricsRequest[] requests =
    [
        new(DateOnly.FromDateTime(now).AddMonths(-12), DateOnly.FromDateTime(now).AddDays(-1), PeriodKind.Month, null),
        new(DateOnly.FromDateTime(now).AddMonths(-12), DateOnly.FromDateTime(now).AddDays(-1), PeriodKind.Week, null),
        new(DateOnly.FromDateTime(Seed.Start), DateOnly.FromDateTime(now).AddDays(-1), PeriodKind.Quarter, null),
    ];
    foreach (var request in requests)
    {
        var load = new List<double>();
        var compute = new List<double>();
        var cpu = new List<double>();
        var facts = 0;
        for (var run = 0; run < WarmUp + Runs; run++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            sw.Restart();
            await using var db = new AppDbContext(options);
            var loaded = await MetricsQueries.LoadFactsAsync(db, request.FromUtc, request.ToUtcExclusive);
            var loadMs = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var report = IncidentMetrics.Compute(loaded, policies, request, now, new Dictionary<int, string>());
            var computeMs = sw.Elapsed.TotalMilliseconds;
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            _ = MetricsCsv.Periods(report);
            facts = loaded.Count;
            if (run >= WarmUp)
            {
                cpu.Add(cpuMs);
                load.Add(loadMs);
                compute.Add(computeMs);
            }
        }
        rows.Add(FormattableString.Invariant(
            $"| {count:N0} | {request.From:yyyy-MM-dd}..{request.To:yyyy-MM-dd} by {request.Period.ToString().ToLowerInvariant()} | {facts:N0} | {Median(load):F0} | {Max(load):F0} | {Median(compute):F0} | {Max(compute):F0} | {Median(load) + Median(compute):F0} | {Median(cpu):F0} |"));
    }

    SqliteConnection.ClearAllPools();
    if (Environment.GetEnvironmentVariable("BENCH_KEEP_DB") is null)
    {
        dir.Delete(recursive: true);
    }
    else
    {
        Console.WriteLine($"Kept {path}");
    }
}

Console.WriteLine($"\n## Metrics: load facts (4 queries) + compute, {Runs} runs after {WarmUp} warm-ups, new DbContext per run\n");
Console.WriteLine("| incidents in db | range | facts loaded | load median ms | load max ms | compute median ms | compute max ms | total median ms | process CPU median ms |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
rows.ForEach(Console.WriteLine);
Console.WriteLine($"\nMachine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, {RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}");
Console.WriteLine("Wall-clock times on a busy machine are inflated; process CPU time (all threads, GC included) is the steadier figure.");

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static double Max(List<double> values) => values.Max();
