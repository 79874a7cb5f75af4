using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Extensions;
using IncidentCenter.Intake;
using IncidentCenter.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Alert intake and webhook delivery, through the app's own services on a temporary SQLite file:
// 1. AlertIntakeService.ProcessAsync for an Alertmanager payload of 10 new alerts (declares 10 incidents),
//    and for the same payload repeated (what Alertmanager sends every repeat_interval);
// 2. WebhookDispatcher.RunDueAsync delivering N events to one webhook on a loopback Kestrel receiver.
// Usage: dotnet run -c Release --project bench/IncidentCenter.IntakeBench -- [events]
const int WarmUp = 3, Runs = 20, AlertsPerPayload = 10;
var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;

var dir = Directory.CreateTempSubdirectory("incidentcenter-intakebench-");
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = dir.FullName, EnvironmentName = "Bench" });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Path"] = "bench.db",
    ["Webhooks:AllowedAddresses"] = "127.0.0.0/8", // the receiver below listens on loopback
});
builder.AddApplicationServices();
using var host = builder.Build();
var services = host.Services;
var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
await using (var db = await factory.CreateDbContextAsync())
{
    await DatabaseStartup.MigrateAsync(db);
}
await using (var scope = services.CreateAsyncScope())
{
    var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
    foreach (var role in AppRoles.All)
    {
        await roles.CreateAsync(new IdentityRole(role));
    }
    var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
    var admin = new ApplicationUser { UserName = "bench@example.test", Email = "bench@example.test", EmailConfirmed = true, DisplayName = "Bench Admin" };
    await users.CreateAsync(admin);
    await users.AddToRoleAsync(admin, AppRoles.Admin);
}
var adminId = await factory.CreateDbContext().Users.Select(u => u.Id).SingleAsync();
var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
    [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, adminId)], "bench"));
var intake = services.GetRequiredService<AlertIntakeService>();

string Payload(int run) => "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[" + string.Join(",", Enumerable.Range(0, AlertsPerPayload).Select(i =>
    $$"""{"status":"firing","labels":{"alertname":"HighLatency","instance":"api-{{i}}","severity":"warning","job":"api"},"annotations":{"summary":"p99 latency above 2 s on api-{{i}}"},"startsAt":"2026-11-23T09:58:30.123456789Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"run{{run}}-{{i}}"}""")) + "]}";

async Task<double[]> TimeAsync(Func<int, Task> action)
{
    var times = new List<double>();
    for (var run = 0; run < WarmUp + Runs; run++)
    {
        var sw = Stopwatch.StartNew();
        await action(run);
        if (run >= WarmUp)
        {
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
    }
    return [.. times.Order()];
}

static string Summary(double[] sorted) =>
    string.Create(CultureInfo.InvariantCulture, $"median {sorted[sorted.Length / 2]:F1} ms, p95 {sorted[(int)Math.Ceiling(sorted.Length * 0.95) - 1]:F1} ms, max {sorted[^1]:F1} ms");

// A fresh token per run: a token may declare only Intake:MaxOpenIncidentsPerToken (10) open incidents per
// window, so with one token every run after the first would join the storm incident instead of declaring.
var runTokens = new List<int>();
for (var run = 0; run < WarmUp + Runs; run++)
{
    runTokens.Add((await services.GetRequiredService<ApiTokenService>().CreateAsync(principal, $"Bench {run}")).Token.Id);
}
var declare = await TimeAsync(run => intake.ProcessAsync(runTokens[run], AlertPayloads.ParseAlertmanager(Encoding.UTF8.GetBytes(Payload(run)))));
Console.WriteLine($"Alertmanager payload, {AlertsPerPayload} new alerts (parse + declare {AlertsPerPayload} incidents, one transaction): {Summary(declare)}");
var repeat = await TimeAsync(_ => intake.ProcessAsync(runTokens[0], AlertPayloads.ParseAlertmanager(Encoding.UTF8.GetBytes(Payload(0)))));
Console.WriteLine($"Same payload repeated ({AlertsPerPayload} alerts already firing): {Summary(repeat)}");

// An alert storm: one payload of 1,000 new alerts from a token that has declared nothing yet. The first 10
// declare incidents; the other 990 join one "Alert storm" incident with one timeline entry, in one transaction.
const int StormAlerts = 1000;
string StormPayload(int run) => "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[" + string.Join(",", Enumerable.Range(0, StormAlerts).Select(i =>
    $$"""{"status":"firing","labels":{"alertname":"DiskFull","instance":"node-{{i}}","severity":"critical"},"annotations":{"summary":"disk full on node-{{i}}"},"startsAt":"2026-11-23T09:58:30Z","fingerprint":"storm{{run}}-{{i}}"}""")) + "]}";
var stormTokens = new List<int>();
for (var run = 0; run < WarmUp + Runs; run++)
{
    stormTokens.Add((await services.GetRequiredService<ApiTokenService>().CreateAsync(principal, $"Storm {run}")).Token.Id);
}
int incidentsBefore, entriesBefore;
await using (var db = await factory.CreateDbContextAsync())
{
    (incidentsBefore, entriesBefore) = (await db.Incidents.CountAsync(), await db.TimelineEntries.CountAsync());
}
var storm = await TimeAsync(run => intake.ProcessAsync(stormTokens[run], AlertPayloads.ParseAlertmanager(Encoding.UTF8.GetBytes(StormPayload(run)))));
await using (var db = await factory.CreateDbContextAsync())
{
    var incidents = (await db.Incidents.CountAsync() - incidentsBefore) / (double)(WarmUp + Runs);
    var entries = (await db.TimelineEntries.CountAsync() - entriesBefore) / (double)(WarmUp + Runs);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Alert storm, one payload of {StormAlerts} new alerts from a fresh token: {Summary(storm)}; per payload {incidents:F0} incidents opened, {entries:F0} timeline entries"));
}

// Webhook delivery: a receiver on a loopback port answers 200.
var receiverBuilder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dir.FullName, EnvironmentName = "Bench" });
receiverBuilder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
receiverBuilder.Logging.ClearProviders();
await using var receiver = receiverBuilder.Build();
var received = 0;
receiver.MapPost("/hook", () => { Interlocked.Increment(ref received); return Results.Ok(); });
await receiver.StartAsync();
var url = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
await services.GetRequiredService<WebhookService>().CreateAsync(principal, new WebhookForm { Name = "Bench", Url = url, Format = WebhookFormat.Slack });
var dispatcher = services.GetRequiredService<WebhookDispatcher>();
await dispatcher.RunDueAsync(DateTime.UtcNow); // the declarations above, plus warm-up
received = 0;
await using (var db = await factory.CreateDbContextAsync())
{
    var incidentId = await db.Incidents.Select(i => i.Id).FirstAsync();
    var payload = new EventSnapshot("declared", incidentId, $"INC-{incidentId}", "Bench", "SEV3", "Investigating", "Bench event", DateTime.UtcNow).ToJson();
    db.OutboxEvents.AddRange(Enumerable.Range(0, events).Select(_ => new OutboxEvent { Kind = ProcessEventKind.Declared, IncidentId = incidentId, Payload = payload, CreatedAt = DateTime.UtcNow }));
    await db.SaveChangesAsync();
}
var send = Stopwatch.StartNew();
var result = await dispatcher.RunDueAsync(DateTime.UtcNow);
send.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Webhook delivery: {result.Succeeded} of {events} events fanned out and delivered to a loopback receiver ({received} received) in {send.Elapsed.TotalMilliseconds:F0} ms = {result.Succeeded / send.Elapsed.TotalSeconds:F0} deliveries/s"));

await receiver.StopAsync();
if (Environment.GetEnvironmentVariable("BENCH_KEEP_DB") != "1")
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    dir.Delete(recursive: true);
}
