using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Response;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Response;

/// <summary>Helpers shared by the response tests: declaring, evaluating at the fake clock's time, reading what was recorded.</summary>
public static class ResponseTestExtensions
{
    public static ResponseService Response(this TestApp app) => app.Services.GetRequiredService<ResponseService>();
    public static ResponseEvaluator Evaluator(this TestApp app) => app.Services.GetRequiredService<ResponseEvaluator>();
    public static SeverityPolicyService Policies(this TestApp app) => app.Services.GetRequiredService<SeverityPolicyService>();

    public static Task<IReadOnlyList<int>> EvaluateNowAsync(this TestApp app) => app.Evaluator().EvaluateAsync(app.Clock.UtcNow);

    /// <summary>An incident as alert intake declares it: nobody has acknowledged it yet.</summary>
    public static async Task<Incident> DeclareAwaitingAckAsync(this TestApp app, TestUser by, Severity severity, string title = "Alert: error rate high")
    {
        var incident = await app.Incidents.DeclareAsync(by.Principal, new DeclareIncident { Title = title, Severity = severity });
        await using var db = await app.CreateDbContextAsync();
        ResponseService.AwaitAcknowledgement(db, incident.Id);
        await db.SaveChangesAsync();
        return incident;
    }

    public static Task<List<ResponseBreach>> BreachesAsync(this TestApp app, int incidentId) =>
        app.QueryAsync(db => db.ResponseBreaches.AsNoTracking().Where(b => b.IncidentId == incidentId).OrderBy(b => b.Id).ToListAsync());

    public static Task<List<IncidentEscalation>> EscalationsAsync(this TestApp app, int incidentId) =>
        app.QueryAsync(db => db.IncidentEscalations.AsNoTracking().Where(e => e.IncidentId == incidentId).OrderBy(e => e.Id).ToListAsync());

    public static Task<List<TimelineEntry>> SystemEntriesAsync(this TestApp app, int incidentId, string containing) =>
        app.QueryAsync(db => db.TimelineEntries.AsNoTracking()
            .Where(t => t.IncidentId == incidentId && t.Kind == TimelineEntryKind.System && t.Text.Contains(containing))
            .OrderBy(t => t.Id).ToListAsync());

    /// <summary>Moves the clock to exactly <paramref name="at"/>.</summary>
    public static void SetClock(this TestApp app, DateTime at) => app.Clock.Advance(at - app.Clock.UtcNow);

    public static Task<TestUser> ResponderAsync(this TestApp app) => app.CreateUserAsync("Rita Responder", AppRoles.Responder);
}
