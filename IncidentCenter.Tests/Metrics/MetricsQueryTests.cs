using System.Data.Common;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Metrics;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Metrics;

/// <summary>Facts loaded from incidents made through IncidentService on a fake clock.</summary>
public class MetricsQueryTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _rita = null!; // Responder
    private TestUser _vera = null!; // Viewer

    private MetricsQueries Metrics => _app.Services.GetRequiredService<MetricsQueries>();

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _rita = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        _vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static readonly MetricsRequest NovemberAndDecember = new(new(2026, 11, 1), new(2026, 12, 31), PeriodKind.Month, null);

    private async Task<int> VersionAsync(int id) => await _app.QueryAsync(db => db.Incidents.Where(i => i.Id == id).Select(i => i.Version).SingleAsync());

    private async Task MoveAsync(int id, IncidentState to, string? reason = null) =>
        await _app.Incidents.ChangeStateAsync(_rita.Principal, id, await VersionAsync(id), to, reason);

    [Fact]
    public async Task An_incident_waiting_for_acknowledgement_has_none_until_someone_presses_acknowledge()
    {
        var start = _app.Clock.UtcNow;
        var byPerson = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Login errors", Severity = Severity.Sev3 });
        var byAlert = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Disk alert", Severity = Severity.Sev3 });
        // What alert intake records for an incident the system declared.
        await using (var db = await _app.CreateDbContextAsync())
        {
            IncidentCenter.Response.ResponseService.AwaitAcknowledgement(db, byAlert.Id);
            await db.SaveChangesAsync();
        }

        async Task<DateTime?> AcknowledgedAtAsync(int id)
        {
            await using var db = await _app.CreateDbContextAsync();
            return (await MetricsQueries.LoadFactsAsync(db, start.AddDays(-1), start.AddDays(1))).Single(f => f.IncidentId == id).AcknowledgedAt;
        }

        Assert.Equal(start, await AcknowledgedAtAsync(byPerson.Id));
        Assert.Null(await AcknowledgedAtAsync(byAlert.Id));

        _app.Clock.Advance(TimeSpan.FromMinutes(7));
        await _app.Services.GetRequiredService<IncidentCenter.Response.ResponseService>().AcknowledgeAsync(_rita.Principal, byAlert.Id);
        Assert.Equal(start.AddMinutes(7), await AcknowledgedAtAsync(byAlert.Id));
        Assert.Equal(start, await AcknowledgedAtAsync(byPerson.Id));
    }

    [Fact]
    public async Task Figures_come_from_the_recorded_transitions_of_declared_reopened_and_escalated_incidents()
    {
        var start = _app.Clock.UtcNow; // 2026-11-23 10:00 UTC
        // A: SEV2 on the API, detected 30 minutes before it was declared; resolved, reopened, resolved again.
        var a = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident
        {
            Title = "API errors", Severity = Severity.Sev2, DetectedAt = start.AddMinutes(-30), NewServiceNames = ["API"],
        });
        // B: declared SEV3 ten minutes later, raised to SEV1, resolved 6 hours after declaration.
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        var b = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Checkout down", Severity = Severity.Sev3 });
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await _app.Incidents.ChangeSeverityAsync(_rita.Principal, b.Id, await VersionAsync(b.Id), Severity.Sev1, "Everyone is affected");

        _app.Clock.Advance(TimeSpan.FromMinutes(40)); // 11:00
        await MoveAsync(a.Id, IncidentState.Identified);
        _app.Clock.Advance(TimeSpan.FromHours(1)); // 12:00
        await MoveAsync(a.Id, IncidentState.Resolved);
        _app.Clock.Advance(TimeSpan.FromHours(1)); // 13:00
        await MoveAsync(a.Id, IncidentState.Investigating, "Errors came back");
        _app.Clock.Advance(TimeSpan.FromHours(2)); // 15:00
        await MoveAsync(a.Id, IncidentState.Resolved);
        _app.Clock.Advance(TimeSpan.FromMinutes(10)); // 15:10
        await MoveAsync(b.Id, IncidentState.Resolved);

        // C: December, SEV4, still open.
        _app.Clock.Advance(TimeSpan.FromDays(9));
        await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Typo on the pricing page", Severity = Severity.Sev4, NewServiceNames = ["Website"] });
        _app.Clock.Advance(TimeSpan.FromHours(1));

        var report = await Metrics.GetReportAsync(_vera.Principal, NovemberAndDecember);

        MetricsFigures Row(string period, Severity severity) => report.Rows.Single(r => r.PeriodLabel == period && r.Severity == severity).Figures;

        Assert.Equal(8, report.Rows.Count);
        var sev2 = Row("2026-11", Severity.Sev2);
        Assert.Equal(1, sev2.Incidents);
        // Declared by a person: acknowledged at declaration, 30 minutes after detection.
        Assert.Equal(TimeSpan.FromMinutes(30), sev2.MedianToAcknowledge);
        Assert.Equal((0, 1), (sev2.AcknowledgeMet, sev2.AcknowledgeMissed)); // SEV2 owes 15 minutes
        // 09:30 detection to the final resolution at 15:00, the resolved hour in between included.
        Assert.Equal(TimeSpan.FromHours(5.5), sev2.MedianToResolve);
        Assert.Equal(TimeSpan.FromHours(5.5), sev2.MeanToResolve);
        Assert.Equal((1, 0), (sev2.ResolveMet, sev2.ResolveMissed));
        Assert.Equal(1, sev2.Reopened);

        // B counts as SEV1 (highest reached), not SEV3: 5 h past its 4 h target.
        Assert.Equal(0, Row("2026-11", Severity.Sev3).Incidents);
        var sev1 = Row("2026-11", Severity.Sev1);
        Assert.Equal(1, sev1.Incidents);
        Assert.Equal(TimeSpan.Zero, sev1.MedianToAcknowledge);
        Assert.Equal(TimeSpan.FromHours(5), sev1.MedianToResolve);
        Assert.Equal((0, 1), (sev1.ResolveMet, sev1.ResolveMissed));

        var sev4 = Row("2026-12", Severity.Sev4);
        Assert.Equal(1, sev4.Incidents);
        Assert.Equal(1, sev4.StillOpen);
        Assert.Null(sev4.MedianToResolve);
        Assert.Equal((0, 0), (sev4.ResolveMet, sev4.ResolveMissed));

        Assert.Equal(3, report.Total.Incidents);
        Assert.Equal([("API", 1), ("Website", 1), ("No service recorded", 1)], report.Services.Select(s => (s.ServiceName, s.Figures.Incidents)));

        var onlySev1 = await Metrics.GetReportAsync(_vera.Principal, NovemberAndDecember with { Severity = Severity.Sev1 });
        Assert.Equal(1, onlySev1.Total.Incidents);
        Assert.All(onlySev1.Rows, r => Assert.Equal(Severity.Sev1, r.Severity));
    }

    [Fact]
    public async Task Facts_carry_every_recorded_move_and_only_incidents_declared_in_the_range()
    {
        var before = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Before", Severity = Severity.Sev3 });
        _app.Clock.Advance(TimeSpan.FromDays(1));
        var inside = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Inside", Severity = Severity.Sev3 });
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await MoveAsync(inside.Id, IncidentState.Resolved);

        await using var db = await _app.CreateDbContextAsync();
        var facts = await MetricsQueries.LoadFactsAsync(db, inside.DeclaredAt, inside.DeclaredAt.AddDays(1));

        var fact = Assert.Single(facts);
        Assert.Equal(inside.Id, fact.IncidentId);
        Assert.NotEqual(before.Id, fact.IncidentId);
        Assert.Equal([IncidentState.Investigating, IncidentState.Resolved], fact.StateChanges.OrderBy(m => m.At).Select(m => m.To));
        Assert.Equal(inside.DeclaredAt, fact.AcknowledgedAt);
        Assert.Equal(Severity.Sev3, Assert.Single(fact.SeverityChanges).To);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    public async Task Loading_facts_takes_four_queries_however_many_incidents_there_are(int incidents)
    {
        for (var n = 0; n < incidents; n++)
        {
            var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = $"Incident {n}", Severity = Severity.Sev3, NewServiceNames = [$"Service {n % 3}"] });
            await MoveAsync(incident.Id, IncidentState.Resolved);
            await MoveAsync(incident.Id, IncidentState.Investigating, "Back again");
            _app.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var capture = new CommandCounter();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        AppDbContext.Configure(options, $"Data Source={_app.DatabasePath}").AddInterceptors(capture);
        await using var db = new AppDbContext(options.Options);

        var facts = await MetricsQueries.LoadFactsAsync(db, _app.Clock.UtcNow.AddDays(-1), _app.Clock.UtcNow.AddDays(1));

        Assert.Equal(incidents, facts.Count);
        Assert.All(facts, f => Assert.Equal(3, f.StateChanges.Count));
        Assert.Equal(4, capture.Readers);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Readers { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Readers++;
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Fact]
    public void A_recorded_acknowledgement_wins_a_person_declared_incident_is_acknowledged_at_declaration_and_one_still_waiting_has_none()
    {
        var declared = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

        Assert.Equal(declared, MetricsQueries.AcknowledgedAt(null, declared, waitsForAcknowledgement: false));
        Assert.Null(MetricsQueries.AcknowledgedAt(null, declared, waitsForAcknowledgement: true));
        Assert.Equal(declared.AddMinutes(3), MetricsQueries.AcknowledgedAt(declared.AddMinutes(3), declared, waitsForAcknowledgement: true));
    }

    [Fact]
    public async Task Viewers_and_up_may_read_the_metrics_and_nobody_else()
    {
        var admin = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        var disabled = await _app.CreateUserAsync("Dan Disabled", AppRoles.Viewer);
        await using (var db = await _app.CreateDbContextAsync())
        {
            var user = await db.Users.SingleAsync(u => u.Id == disabled.Id);
            user.IsDisabled = true;
            await db.SaveChangesAsync();
        }

        foreach (var reader in new[] { _vera, _rita, admin })
        {
            Assert.NotNull(await Metrics.GetReportAsync(reader.Principal, NovemberAndDecember));
        }
        await Assert.ThrowsAsync<ForbiddenException>(() => Metrics.GetReportAsync(new System.Security.Claims.ClaimsPrincipal(), NovemberAndDecember));
        await Assert.ThrowsAsync<ForbiddenException>(() => Metrics.GetReportAsync(disabled.Principal, NovemberAndDecember));
        await Assert.ThrowsAsync<ForbiddenException>(() => Metrics.GetReportAsync(TestApp.Principal("no-such-user"), NovemberAndDecember));
    }

    [Theory]
    [InlineData("2026-13-01", null, null, null)]
    [InlineData("2026-05-01", "2026-04-01", null, null)]
    [InlineData(null, null, "fortnight", null)]
    [InlineData(null, null, null, "sev5")]
    [InlineData(null, null, null, "2")]
    [InlineData("2020-01-01", "2026-01-01", null, null)]
    public void Bad_requests_are_refused_with_a_message(string? from, string? to, string? period, string? severity)
    {
        var ex = Assert.Throws<ValidationFailedException>(() => MetricsRequest.Parse(from, to, period, severity, new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc)));
        Assert.NotEmpty(ex.Message);
    }

    [Fact]
    public void A_request_without_parameters_covers_the_last_twelve_months_by_month()
    {
        var request = MetricsRequest.Parse(null, null, null, null, new DateTime(2026, 11, 23, 15, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new MetricsRequest(new(2025, 12, 1), new(2026, 11, 23), PeriodKind.Month, null), request);
        Assert.Equal(12, IncidentMetrics.Periods(request).Count());
        Assert.Equal(request, MetricsRequest.Parse("2025-12-01", "2026-11-23", "MONTH", "all", DateTime.UnixEpoch));
        Assert.Equal(Severity.Sev2, MetricsRequest.Parse(null, null, "quarter", "sev2", DateTime.UnixEpoch).Severity);
    }
}
