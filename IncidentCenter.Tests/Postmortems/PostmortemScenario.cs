using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Postmortems;

/// <summary>
/// A SEV1 incident run from detection to resolution with a fake clock: detected 10 minutes before it was
/// declared (typed by a person), identified after 20 minutes, mitigated after 35, briefly reopened, resolved.
/// Its timeline has key events (one backfilled), a plain note, and a deleted key event.
/// </summary>
public sealed class PostmortemScenario : IAsyncDisposable
{
    private PostmortemScenario(TestApp app) => App = app;

    public TestApp App { get; }
    public TestUser Alice { get; private set; } = null!;
    public TestUser Bob { get; private set; } = null!;
    public TestUser Vera { get; private set; } = null!;
    public TestUser Admin { get; private set; } = null!;
    public int IncidentId { get; private set; }
    public DateTime DetectedAt { get; private set; }
    public DateTime DeclaredAt { get; private set; }

    public PostmortemService Postmortems => App.Services.GetRequiredService<PostmortemService>();
    public PostmortemTemplateService Templates => App.Services.GetRequiredService<PostmortemTemplateService>();
    public ActionItemService ActionItems => App.Services.GetRequiredService<ActionItemService>();

    public static async Task<PostmortemScenario> CreateAsync(Severity severity = Severity.Sev1, bool resolve = true)
    {
        var s = new PostmortemScenario(await TestApp.CreateAsync());
        var app = s.App;
        s.Alice = await app.CreateUserAsync("Alice Responder", AppRoles.Responder);
        s.Bob = await app.CreateUserAsync("Bob Responder", AppRoles.Responder);
        s.Vera = await app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        s.Admin = await app.CreateUserAsync("Ada Admin", AppRoles.Admin);

        s.DeclaredAt = app.Clock.UtcNow;
        s.DetectedAt = s.DeclaredAt.AddMinutes(-10);
        var incident = await app.Incidents.DeclareAsync(s.Alice.Principal, new DeclareIncident
        {
            Title = "Checkout | payments \"failing\"",
            Severity = severity,
            DetectedAt = s.DetectedAt,
            NewServiceNames = ["payments", "checkout"],
        });
        s.IncidentId = incident.Id;
        await app.Incidents.AssignRoleAsync(s.Alice.Principal, s.IncidentId, 0, IncidentRole.CommunicationsLead, s.Bob.Id);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await s.AddEntryAsync("Paged the payments team", key: true);
        await s.AddEntryAsync("Coffee break", key: false);
        var typo = await s.AddEntryAsync("Wrong key event", key: true);
        await app.Timeline.DeleteAsync(s.Alice.Principal, typo.Id, 0);

        app.Clock.Advance(TimeSpan.FromMinutes(15)); // +20
        await app.Incidents.ChangeStateAsync(s.Alice.Principal, s.IncidentId, 1, IncidentState.Identified);
        app.Clock.Advance(TimeSpan.FromMinutes(15)); // +35
        await app.Incidents.ChangeStateAsync(s.Alice.Principal, s.IncidentId, 2, IncidentState.Monitoring);
        // Remembered later: the alert fired before anyone declared.
        await s.AddEntryAsync("Error-rate alert fired", key: true, occurredAt: s.DeclaredAt.AddMinutes(-8));
        app.Clock.Advance(TimeSpan.FromMinutes(10)); // +45
        await app.Incidents.ChangeStateAsync(s.Alice.Principal, s.IncidentId, 3, IncidentState.Identified);
        await app.Incidents.ChangeStateAsync(s.Alice.Principal, s.IncidentId, 4, IncidentState.Monitoring);
        if (resolve)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(15)); // +60
            await app.Incidents.ChangeStateAsync(s.Alice.Principal, s.IncidentId, 5, IncidentState.Resolved);
        }
        return s;
    }

    public Task<TimelineEntry> AddEntryAsync(string text, bool key, DateTime? occurredAt = null, TimelineEntryKind kind = TimelineEntryKind.Action) =>
        App.Timeline.AddAsync(Alice.Principal, IncidentId, new TimelineDraft { Text = text, IsKeyEvent = key, OccurredAt = occurredAt, Kind = kind });

    public Task<int> IncidentVersionAsync() => App.QueryAsync(db => db.Incidents.Where(i => i.Id == IncidentId).Select(i => i.Version).SingleAsync());

    /// <summary>Key, not deleted timeline entries in event-time order, as the database has them.</summary>
    public Task<List<TimelineEntry>> KeyEventsAsync() => App.QueryAsync(db => db.TimelineEntries.AsNoTracking()
        .Where(t => t.IncidentId == IncidentId && t.IsKeyEvent && !t.IsDeleted)
        .OrderBy(t => t.OccurredAt).ThenBy(t => t.Id).ToListAsync());

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
