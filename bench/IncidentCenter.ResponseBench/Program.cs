using System.Diagnostics;
using System.Globalization;
using IncidentCenter.Data;
using IncidentCenter.Extensions;
using IncidentCenter.Incidents;
using IncidentCenter.Response;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Response evaluation benchmark: N open incidents (mixed severities, half with the cause identified) plus
// 10 N resolved ones; times ResponseEvaluator.EvaluateAsync, the round the monitor runs every 15 seconds.
// The first round records every missed target and escalation; later rounds find nothing new (the steady state).
// Usage: dotnet run -c Release --project bench/IncidentCenter.ResponseBench -- [open incidents]
const int Runs = 20;

var open = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var dir = Directory.CreateTempSubdirectory("incidentcenter-responsebench-");
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = dir.FullName, EnvironmentName = "Bench" });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Path"] = "bench.db" });
builder.AddApplicationServices();
using var host = builder.Build();
var services = host.Services;
var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
await using (var db = await factory.CreateDbContextAsync())
{
    await DatabaseStartup.MigrateAsync(db);
}

var now = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
var rng = new Random(42);
await using (var db = await factory.CreateDbContextAsync())
{
    db.ChangeTracker.AutoDetectChangesEnabled = false;
    for (var i = 0; i < open * 11; i++)
    {
        var isOpen = i % 11 == 0;
        var detected = now.AddSeconds(-rng.Next(60, 3 * 24 * 60 * 60));
        var identified = rng.Next(2) == 0;
        var state = isOpen ? (identified ? IncidentState.Identified : IncidentState.Investigating) : IncidentState.Resolved;
        var incident = new Incident
        {
            Title = $"Bench incident {i}", Severity = (Severity)rng.Next(1, 5), State = state, IsOpen = isOpen,
            DetectedAt = detected, DeclaredAt = detected, StateChangedAt = detected.AddMinutes(10),
            ResolvedAt = isOpen ? null : detected.AddMinutes(90), DeclaredById = "bench", CommanderId = "bench", CommanderName = "Bench",
            StateChanges = [new IncidentStateChange { To = IncidentState.Investigating, At = detected, ByUserId = "bench" }],
        };
        if (identified || !isOpen)
        {
            incident.StateChanges.Add(new IncidentStateChange { From = IncidentState.Investigating, To = IncidentState.Identified, At = detected.AddMinutes(10), ByUserId = "bench" });
        }
        db.Incidents.Add(incident);
    }
    await db.SaveChangesAsync();
}

var evaluator = services.GetRequiredService<ResponseEvaluator>();
var sw = Stopwatch.StartNew();
var first = await evaluator.EvaluateAsync(now);
Console.WriteLine($"{open} open and {open * 10} resolved incidents; first round recorded for {first.Count} incidents in {sw.Elapsed.TotalMilliseconds:F0} ms");

var times = new List<double>();
for (var i = 0; i < Runs; i++)
{
    sw.Restart();
    var changed = await evaluator.EvaluateAsync(now.AddSeconds(i + 1));
    times.Add(sw.Elapsed.TotalMilliseconds);
    if (changed.Count != 0)
    {
        throw new InvalidOperationException("A steady-state round recorded something again.");
    }
}
times.Sort();
Console.WriteLine($"steady-state round ({Runs} runs): median {times[Runs / 2]:F1} ms, p95 {times[(int)(Runs * 0.95) - 1]:F1} ms, max {times[^1]:F1} ms");
if (Environment.GetEnvironmentVariable("BENCH_KEEP_DB") != "1")
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    dir.Delete(recursive: true);
}
