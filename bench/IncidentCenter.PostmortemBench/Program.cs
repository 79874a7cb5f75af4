using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Extensions;
using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Timeline;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Post-mortem generation benchmark: PostmortemService.GenerateAsync (load the incident and its key events,
// render the default SEV1 template, store the draft and its first revision) for an incident with N timeline
// entries, every other one a key event. Usage: dotnet run -c Release --project bench/IncidentCenter.PostmortemBench -- [entries]
const double TargetMs = 200;
const int WarmUp = 3, Runs = 20;

var entries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var dir = Directory.CreateTempSubdirectory("incidentcenter-pmbench-");
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
await using (var scope = services.CreateAsyncScope())
{
    var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
    if (!await roles.RoleExistsAsync(AppRoles.Responder))
    {
        await roles.CreateAsync(new IdentityRole(AppRoles.Responder));
    }
}
string userId;
await using (var scope = services.CreateAsyncScope())
{
    var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
    var user = new ApplicationUser { UserName = "bench@example.test", Email = "bench@example.test", EmailConfirmed = true, DisplayName = "Bench Commander" };
    await users.CreateAsync(user);
    await users.AddToRoleAsync(user, AppRoles.Responder);
    userId = user.Id;
}
var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
    [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, userId)], "bench"));

// The incident: declared, identified, mitigated, resolved over ~7 hours, with N timeline entries between.
var sw = Stopwatch.StartNew();
var declared = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);
int incidentId;
await using (var db = await factory.CreateDbContextAsync())
{
    var incident = new Incident
    {
        Title = "Checkout payments failing", Description = "Benchmark incident", Severity = Severity.Sev1, State = IncidentState.Resolved,
        DetectedAt = declared.AddMinutes(-7), DeclaredAt = declared, StateChangedAt = declared.AddHours(7), ResolvedAt = declared.AddHours(7),
        DeclaredById = userId, CommanderId = userId, CommanderName = "Bench Commander",
        Roles = [new IncidentRoleAssignment { Role = IncidentRole.Commander, UserId = userId, UserName = "Bench Commander", AssignedAt = declared }],
        StateChanges =
        [
            new IncidentStateChange { To = IncidentState.Investigating, At = declared, ByUserId = userId },
            new IncidentStateChange { From = IncidentState.Investigating, To = IncidentState.Identified, At = declared.AddHours(2), ByUserId = userId },
            new IncidentStateChange { From = IncidentState.Identified, To = IncidentState.Monitoring, At = declared.AddHours(5), ByUserId = userId },
            new IncidentStateChange { From = IncidentState.Monitoring, To = IncidentState.Resolved, At = declared.AddHours(7), ByUserId = userId },
        ],
        SeverityChanges = [new IncidentSeverityChange { To = Severity.Sev1, At = declared, ByUserId = userId }],
    };
    db.Incidents.Add(incident);
    await db.SaveChangesAsync();
    incidentId = incident.Id;
    var rng = new Random(42);
    var kinds = TimelineEntryKinds.Writable;
    for (var i = 0; i < entries; i++)
    {
        var occurred = declared.AddSeconds(rng.Next(0, 7 * 3600));
        // Some were written later than they happened (backfilled), which also puts writing order out of event order.
        var recorded = i % 10 == 0 ? occurred.AddMinutes(rng.Next(5, 60)) : occurred;
        db.TimelineEntries.Add(new TimelineEntry
        {
            IncidentId = incidentId, Kind = kinds[i % kinds.Count], OccurredAt = occurred, RecordedAt = recorded,
            Text = $"Entry {i}: checked the payment gateway logs | error rate {rng.Next(1, 40)} % in region {rng.Next(1, 5)}",
            AuthorId = userId, AuthorName = "Bench Commander", IsKeyEvent = i % 2 == 0, IsDeleted = i % 97 == 0,
        });
    }
    for (var i = 0; i < 20; i++)
    {
        db.ActionItems.Add(new ActionItem { IncidentId = incidentId, Title = $"Follow-up {i}", OwnerId = userId, OwnerName = "Bench Commander", DueDate = new DateOnly(2026, 12, 1).AddDays(i), CreatedAt = declared });
    }
    await db.SaveChangesAsync();
}
Console.WriteLine($"Seeded INC-{incidentId} with {entries:N0} timeline entries in {sw.Elapsed.TotalSeconds:F1} s");

var postmortems = services.GetRequiredService<PostmortemService>();
var timings = new List<double>();
var length = 0;
byte[]? first = null;
for (var run = 0; run < WarmUp + Runs; run++)
{
    await using (var db = await factory.CreateDbContextAsync())
    {
        await db.PostmortemRevisions.ExecuteDeleteAsync();
        await db.Postmortems.ExecuteDeleteAsync();
    }
    var watch = Stopwatch.StartNew();
    var view = await postmortems.GenerateAsync(principal, incidentId);
    watch.Stop();
    length = view.Markdown.Length;
    var bytes = PostmortemService.Encode(view.Markdown);
    first ??= bytes;
    if (!first.AsSpan().SequenceEqual(bytes))
    {
        throw new InvalidOperationException("Generation is not deterministic.");
    }
    if (run >= WarmUp)
    {
        timings.Add(watch.Elapsed.TotalMilliseconds);
    }
}
int keyEvents;
await using (var db = await factory.CreateDbContextAsync())
{
    keyEvents = await db.TimelineEntries.CountAsync(t => t.IncidentId == incidentId && t.IsKeyEvent && !t.IsDeleted);
}

timings.Sort();
double Percentile(double p) => timings[(int)Math.Ceiling(p * timings.Count) - 1];
var median = (timings[(timings.Count - 1) / 2] + timings[timings.Count / 2]) / 2;
Console.WriteLine();
Console.WriteLine($"## PostmortemService.GenerateAsync, {entries:N0} timeline entries ({keyEvents:N0} key events in the document), {Runs} runs after {WarmUp} warm-up");
Console.WriteLine($"document: {length:N0} characters; identical bytes on every run");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median {median:F1} ms, p95 {Percentile(0.95):F1} ms, min {timings[0]:F1} ms, max {timings[^1]:F1} ms (target < {TargetMs} ms: {(Percentile(0.95) < TargetMs ? "met" : "NOT met")})"));
Console.WriteLine($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores");

if (Environment.GetEnvironmentVariable("BENCH_KEEP_DB") != "1")
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    dir.Delete(recursive: true);
}
