using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Response;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Metrics;

/// <summary>
/// Loads the facts the calculator needs in four flat queries (incidents, state moves, severity moves,
/// service links; each a range-filtered projection, no per-incident round trips) and computes the report.
/// </summary>
public sealed class MetricsQueries(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    SeverityPolicyService policies,
    TimeProvider clock)
{
    /// <summary>Any signed-in, active user (Viewer and up) may read the metrics.</summary>
    public async Task<MetricsReport> GetReportAsync(ClaimsPrincipal user, MetricsRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var facts = await LoadFactsAsync(db, request.FromUtc, request.ToUtcExclusive, ct);
        var serviceNames = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var targets = (await policies.GetAllAsync(ct)).ToDictionary(p => p.Severity);
        return IncidentMetrics.Compute(facts, targets, request, clock.GetUtcNow().UtcDateTime, serviceNames);
    }

    /// <summary>Facts for every incident declared in [from, to).</summary>
    public static async Task<List<IncidentFact>> LoadFactsAsync(AppDbContext db, DateTime from, DateTime to, CancellationToken ct = default)
    {
        var inRange = db.Incidents.AsNoTracking().Where(i => i.DeclaredAt >= from && i.DeclaredAt < to);

        var incidents = await inRange
            .Select(i => new
            {
                i.Id,
                i.DetectedAt,
                i.DeclaredAt,
                i.Severity,
                // The Response feature's bookkeeping: no row means a person declared the incident and so
                // acknowledged it then; a row (alert intake) holds the acknowledgement when someone gave it.
                WaitsForAcknowledgement = db.IncidentResponses.Any(r => r.IncidentId == i.Id && r.AwaitingAcknowledgement),
                RecordedAcknowledgedAt = db.IncidentResponses.Where(r => r.IncidentId == i.Id).Select(r => r.AcknowledgedAt).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var stateMoves = (await inRange
                .Join(db.IncidentStateChanges, i => i.Id, s => s.IncidentId, (_, s) => new { s.IncidentId, s.Id, s.From, s.To, s.At })
                .ToListAsync(ct))
            .ToLookup(s => s.IncidentId, s => new StateMove(s.From, s.To, s.At, s.Id));

        var severityMoves = (await inRange
                .Join(db.IncidentSeverityChanges, i => i.Id, s => s.IncidentId, (_, s) => new { s.IncidentId, s.To, s.At })
                .ToListAsync(ct))
            .ToLookup(s => s.IncidentId, s => new SeverityMove(s.To, s.At));

        var serviceLinks = (await inRange
                .Join(db.IncidentServices, i => i.Id, l => l.IncidentId, (_, l) => new { l.IncidentId, l.ServiceId })
                .ToListAsync(ct))
            .ToLookup(l => l.IncidentId, l => l.ServiceId);

        return incidents.Select(i =>
        {
            var moves = stateMoves[i.Id].ToList();
            return new IncidentFact(i.Id, i.DetectedAt, i.DeclaredAt, i.Severity, moves, severityMoves[i.Id].ToList(),
                AcknowledgedAt(i.RecordedAcknowledgedAt, i.DeclaredAt, i.WaitsForAcknowledgement), serviceLinks[i.Id].ToList());
        }).ToList();
    }

    /// <summary>
    /// When an incident counts as acknowledged, as the Response feature records it: a recorded
    /// acknowledgement wins; an incident that never waited for one (a person declared it) was taken on
    /// when it was declared; one still waiting (alert intake, nobody pressed Acknowledge) has none.
    /// </summary>
    public static DateTime? AcknowledgedAt(DateTime? recorded, DateTime declaredAt, bool waitsForAcknowledgement) =>
        recorded ?? (waitsForAcknowledgement ? null : declaredAt);
}
