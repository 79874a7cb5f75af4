using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Notifications;
using IncidentCenter.Shared;
using IncidentCenter.StatusPage;
using IncidentCenter.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>One truth between the public stage and the incident: resolving together, and flagging what disagrees.</summary>
public class StageAgreementServiceTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _alice = null!; // Responder
    private TestUser _vera = null!;  // Viewer
    private int _incidentId;
    private readonly List<IncidentChanged> _incidentChanges = [];

    private StatusPageService Status => _app.Services.GetRequiredService<StatusPageService>();

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _alice = await _app.CreateUserAsync("Alice Responder", AppRoles.Responder);
        _vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        _incidentId = (await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident { Title = "Checkout 500s", Severity = Severity.Sev2 })).Id;
        _app.Services.GetRequiredService<IncidentNotifier>().Subscribe(_incidentId, c => { _incidentChanges.Add(c); return Task.CompletedTask; });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private PublishStatusUpdate Update(StatusStage stage, int? version) => new()
    {
        ExpectedVersion = version,
        Stage = stage,
        Title = "Checkout errors",
        Body = $"{stage}: Checkout is failing for some customers.",
        Impact = StatusImpact.Major,
        NextUpdateBy = stage == StatusStage.Resolved ? null : _app.Clock.UtcNow.AddMinutes(30),
    };

    private Task<Incident> IncidentAsync() => _app.QueryAsync(db => db.Incidents.AsNoTracking().SingleAsync(i => i.Id == _incidentId));

    private Task<StatusStage?> PublicStageAsync() => _app.QueryAsync(db =>
        db.PublicIncidents.Where(p => p.IncidentId == _incidentId).Select(p => (StatusStage?)p.Stage).SingleOrDefaultAsync());

    private Task<List<string>> TimelineAsync() => _app.QueryAsync(db =>
        db.TimelineEntries.AsNoTracking().Where(t => t.IncidentId == _incidentId).OrderBy(t => t.Id).Select(t => t.Text).ToListAsync());

    private async Task PublishMonitoringAsync()
    {
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Investigating, null));
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Monitoring, 0));
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
    }

    [Fact]
    public void The_composer_command_resolves_the_incident_by_default() => Assert.True(new PublishStatusUpdate().ResolveIncident);

    [Fact]
    public async Task A_Resolved_update_resolves_the_open_incident_by_its_own_rules_in_the_same_step()
    {
        await PublishMonitoringAsync();

        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Resolved, 1));

        var incident = await IncidentAsync();
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.False(incident.IsOpen);
        Assert.Equal(_app.Clock.UtcNow, incident.ResolvedAt);
        Assert.Equal(_app.Clock.UtcNow, incident.StateChangedAt);
        Assert.Equal(1, incident.Version);
        var change = await _app.QueryAsync(db => db.IncidentStateChanges.AsNoTracking().Where(c => c.IncidentId == _incidentId).OrderBy(c => c.Id).LastAsync());
        Assert.Equal((IncidentState.Investigating, IncidentState.Resolved, _alice.Id, StatusPageService.ResolvedByUpdateReason),
            (change.From!.Value, change.To, change.ByUserId, change.Reason));
        var timeline = await TimelineAsync();
        Assert.Contains(timeline, t => t.StartsWith("Status page: Alice Responder published a status update (Resolved)", StringComparison.Ordinal));
        Assert.Contains($"State changed from Investigating to Resolved by Alice Responder. Reason: {StatusPageService.ResolvedByUpdateReason}", timeline);
        var events = await _app.QueryAsync(db => db.OutboxEvents.AsNoTracking().Where(e => e.IncidentId == _incidentId).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        Assert.Equal(ProcessEventKind.Resolved, events[^1]);
        Assert.Contains(_incidentChanges, c => c.Kind == IncidentChangeKind.Updated);
        // The resolve countdown stops: the response status sees a resolved incident.
        var response = await _app.Services.GetRequiredService<IncidentCenter.Response.ResponseService>().GetStatusesAsync(_alice.Principal, [_incidentId]);
        Assert.False(response.TryGetValue(_incidentId, out var status) && status.IsOpen);
        Assert.Null((await Status.GetIncidentAsync(_alice.Principal, _incidentId)).Disagreement);
        Assert.Empty(await Status.DisagreementsAsync(_alice.Principal));
    }

    [Fact]
    public async Task Unticking_the_option_publishes_only_and_the_disagreement_is_flagged()
    {
        await PublishMonitoringAsync();
        var only = Update(StatusStage.Resolved, 1);
        only.ResolveIncident = false;

        await Status.PublishAsync(_alice.Principal, _incidentId, only);

        Assert.Equal(IncidentState.Investigating, (await IncidentAsync()).State);
        var flag = (await Status.GetIncidentAsync(_vera.Principal, _incidentId)).Disagreement;
        Assert.Equal(StageDisagreement.PublicResolvedIncidentOpen, flag?.Kind);
        Assert.Equal("The public status page says Resolved, but the incident is still Investigating.", flag!.Message);
        Assert.Equal([flag], await Status.DisagreementsAsync(_vera.Principal));
    }

    [Fact]
    public async Task The_option_does_nothing_for_other_stages_or_an_incident_already_resolved()
    {
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Monitoring, null));
        Assert.Equal(IncidentState.Investigating, (await IncidentAsync()).State);

        await _app.Incidents.ChangeStateAsync(_alice.Principal, _incidentId, 0, IncidentState.Resolved);
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Resolved, 0));

        var incident = await IncidentAsync();
        Assert.Equal((IncidentState.Resolved, 1), (incident.State, incident.Version));
        Assert.Single(await _app.QueryAsync(db => db.IncidentStateChanges.Where(c => c.IncidentId == _incidentId && c.To == IncidentState.Resolved).ToListAsync()));
    }

    [Theory]
    [InlineData("IncidentStateChanges")]
    [InlineData("StatusUpdates")]
    public async Task Publishing_and_resolving_are_saved_together_or_not_at_all(string failingTable)
    {
        await PublishMonitoringAsync();
        // The database refuses one half of the step; the other half must not be left behind.
        await _app.SqlAsync($"CREATE TRIGGER \"refuse\" BEFORE INSERT ON \"{failingTable}\" BEGIN SELECT RAISE(ABORT, 'refused'); END;");
        var before = await _app.SnapshotAsync();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Resolved, 1)));

        Assert.Equal(before, await _app.SnapshotAsync());
        Assert.Equal(IncidentState.Investigating, (await IncidentAsync()).State);
        Assert.Equal(StatusStage.Monitoring, await PublicStageAsync());
    }

    [Fact]
    public async Task A_Viewer_can_neither_publish_nor_dismiss_and_nothing_is_written()
    {
        await PublishMonitoringAsync();
        await _app.Incidents.ChangeStateAsync(_alice.Principal, _incidentId, 0, IncidentState.Resolved);
        var before = await _app.SnapshotAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Status.PublishAsync(_vera.Principal, _incidentId, Update(StatusStage.Resolved, 1)));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Status.DismissDisagreementAsync(_vera.Principal, _incidentId, StageDisagreement.IncidentResolvedPublicOpen, "Customers were told by mail"));

        Assert.Equal(before, await _app.SnapshotAsync());
        Assert.NotNull((await Status.GetIncidentAsync(_vera.Principal, _incidentId)).Disagreement);
    }

    [Fact]
    public async Task Resolving_the_incident_with_the_public_incident_open_is_flagged_until_dismissed_with_a_reason()
    {
        await PublishMonitoringAsync();
        await _app.Incidents.ChangeStateAsync(_alice.Principal, _incidentId, 0, IncidentState.Resolved);

        var flag = (await Status.GetIncidentAsync(_alice.Principal, _incidentId)).Disagreement;
        Assert.Equal(StageDisagreement.IncidentResolvedPublicOpen, flag?.Kind);
        Assert.Equal("The incident is Resolved, but the public status page still shows it as Monitoring.", flag!.Message);
        Assert.Equal([_incidentId], (await Status.DisagreementsAsync(_alice.Principal)).Select(f => f.IncidentId));

        var noReason = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Status.DismissDisagreementAsync(_alice.Principal, _incidentId, StageDisagreement.IncidentResolvedPublicOpen, "  "));
        Assert.Contains("Say why", noReason.Message);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Status.DismissDisagreementAsync(_alice.Principal, _incidentId, StageDisagreement.PublicResolvedIncidentOpen, "Wrong one"));

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Status.DismissDisagreementAsync(_alice.Principal, _incidentId, StageDisagreement.IncidentResolvedPublicOpen, " Customers were told by mail ");

        Assert.Null((await Status.GetIncidentAsync(_alice.Principal, _incidentId)).Disagreement);
        Assert.Empty(await Status.DisagreementsAsync(_alice.Principal));
        var dismissal = await _app.QueryAsync(db => db.StageDismissals.AsNoTracking().SingleAsync());
        Assert.Equal((_incidentId, StageDisagreement.IncidentResolvedPublicOpen, "Customers were told by mail", _alice.Id, "Alice Responder", _app.Clock.UtcNow),
            (dismissal.IncidentId, dismissal.Kind, dismissal.Reason, dismissal.DismissedById, dismissal.DismissedByName, dismissal.DismissedAt));
        Assert.Equal((IncidentState.Resolved, StatusStage.Monitoring, 1), (dismissal.IncidentState, dismissal.PublicStage, dismissal.PublicVersion));
        Assert.Contains("Alice Responder dismissed a disagreement with the status page: The incident is Resolved, but the public status page still shows it as Monitoring. Reason: Customers were told by mail",
            await TimelineAsync());
        Assert.Contains(_incidentChanges, c => c.Kind == IncidentChangeKind.StatusUpdated);

        // Someone else dismissing the same thing a moment later is told who did it first.
        var twice = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Status.DismissDisagreementAsync(_alice.Principal, _incidentId, StageDisagreement.IncidentResolvedPublicOpen, "Again"));
        Assert.Contains("Alice Responder already dismissed this", twice.Message);

        // Reopened and resolved again: a new situation, flagged again.
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _app.Incidents.ChangeStateAsync(_alice.Principal, _incidentId, 1, IncidentState.Investigating, "Errors are back");
        Assert.Null((await Status.GetIncidentAsync(_alice.Principal, _incidentId)).Disagreement);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _app.Incidents.ChangeStateAsync(_alice.Principal, _incidentId, 2, IncidentState.Resolved);
        Assert.Equal(StageDisagreement.IncidentResolvedPublicOpen, (await Status.GetIncidentAsync(_alice.Principal, _incidentId)).Disagreement?.Kind);

        // Acting ends it: the Resolved update brings the two together.
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Resolved, 1));
        Assert.Null((await Status.GetIncidentAsync(_alice.Principal, _incidentId)).Disagreement);
        Assert.Empty(await Status.DisagreementsAsync(_alice.Principal));
    }

    [Fact]
    public async Task The_dashboard_list_holds_every_undismissed_disagreement_and_only_those()
    {
        // _incidentId: public Resolved, incident open (dismissed below).
        var only = Update(StatusStage.Resolved, null);
        only.ResolveIncident = false;
        await Status.PublishAsync(_alice.Principal, _incidentId, only);
        // Closed incident whose public incident still shows Identified.
        var closed = await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident { Title = "Search slow", Severity = Severity.Sev4 });
        var identified = Update(StatusStage.Identified, null);
        identified.AcknowledgeWarnings = true;
        await Status.PublishAsync(_alice.Principal, closed.Id, identified);
        await _app.Incidents.ChangeStateAsync(_alice.Principal, closed.Id, 0, IncidentState.Resolved);
        await _app.Incidents.ChangeStateAsync(_alice.Principal, closed.Id, 1, IncidentState.Closed);
        // In agreement: open and public Monitoring; never public.
        var agreeing = await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident { Title = "Mail delayed", Severity = Severity.Sev3 });
        await Status.PublishAsync(_alice.Principal, agreeing.Id, Update(StatusStage.Monitoring, null));
        await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident { Title = "Internal only", Severity = Severity.Sev4 });

        var flags = await Status.DisagreementsAsync(_vera.Principal);
        Assert.Equal([(_incidentId, StageDisagreement.PublicResolvedIncidentOpen), (closed.Id, StageDisagreement.IncidentResolvedPublicOpen)],
            flags.Select(f => (f.IncidentId, f.Kind)));
        Assert.Equal("The incident is Closed, but the public status page still shows it as Identified.", flags[1].Message);

        await Status.DismissDisagreementAsync(_alice.Principal, _incidentId, StageDisagreement.PublicResolvedIncidentOpen, "Monitoring internally for a day");
        Assert.Equal([closed.Id], (await Status.DisagreementsAsync(_vera.Principal)).Select(f => f.IncidentId));
    }
}
