using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Shared;
using IncidentCenter.StatusPage;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

public class StatusPageServiceTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _alice = null!; // Responder
    private TestUser _bob = null!;   // Responder
    private TestUser _ada = null!;   // Admin
    private int _incidentId;
    private int _checkoutId;
    private int _paymentsId;
    private readonly List<StatusPageChange> _published = [];
    private readonly List<IncidentChanged> _incidentChanges = [];

    private StatusPageService Status => _app.Services.GetRequiredService<StatusPageService>();
    private StatusTemplateService Templates => _app.Services.GetRequiredService<StatusTemplateService>();

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _alice = await _app.CreateUserAsync("Alice Responder", AppRoles.Responder);
        _bob = await _app.CreateUserAsync("Bob Responder", AppRoles.Responder);
        _ada = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        var incident = await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident
        {
            Title = "db-7 pool exhausted, checkout 500s",
            Severity = Severity.Sev2,
            NewServiceNames = ["Checkout", "Payments"],
        });
        _incidentId = incident.Id;
        _checkoutId = await _app.QueryAsync(db => db.Services.Where(s => s.Name == "Checkout").Select(s => s.Id).SingleAsync());
        _paymentsId = await _app.QueryAsync(db => db.Services.Where(s => s.Name == "Payments").Select(s => s.Id).SingleAsync());
        _app.Services.GetRequiredService<StatusPageNotifier>().Subscribe(c => { _published.Add(c); return Task.CompletedTask; });
        _app.Services.GetRequiredService<IncidentNotifier>().Subscribe(_incidentId, c => { _incidentChanges.Add(c); return Task.CompletedTask; });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private PublishStatusUpdate Update(StatusStage stage, int? version, string? body = null, params ComponentChoice[] components) => new()
    {
        ExpectedVersion = version,
        Stage = stage,
        Title = "Checkout errors",
        Body = body ?? $"{stage}: Checkout is failing for some customers.",
        Impact = StatusImpact.Major,
        Components = [.. components],
        NextUpdateBy = stage == StatusStage.Resolved ? null : _app.Clock.UtcNow.AddMinutes(30),
    };

    private Task<PublicIncident> PublicAsync() => _app.QueryAsync(db => db.PublicIncidents.AsNoTracking().Include(p => p.Components).SingleAsync(p => p.IncidentId == _incidentId));

    private Task<List<TimelineEntry>> TimelineAsync() => _app.QueryAsync(db =>
        db.TimelineEntries.AsNoTracking().Where(t => t.IncidentId == _incidentId).OrderBy(t => t.Id).ToListAsync());

    private Task<List<StatusComponentChange>> ChangesAsync() => _app.QueryAsync(db => db.StatusComponentChanges.AsNoTracking().OrderBy(c => c.Id).ToListAsync());

    // ---- Publishing through the four stages ----

    [Fact]
    public async Task Each_stage_publishes_with_a_timeline_entry_and_sets_component_statuses_with_their_history()
    {
        var investigating = await Status.PublishAsync(_alice.Principal, _incidentId,
            Update(StatusStage.Investigating, null, null, new ComponentChoice(_checkoutId, ComponentStatus.PartialOutage)));

        var pub = await PublicAsync();
        Assert.Equal(StatusStage.Investigating, pub.Stage);
        Assert.Equal("Checkout errors", pub.Title);
        Assert.Equal(StatusImpact.Major, pub.Impact);
        Assert.Equal(0, pub.Version);
        Assert.Null(pub.ResolvedAt);
        Assert.Equal(_app.Clock.UtcNow.AddMinutes(30), pub.NextUpdateBy);
        Assert.Equal([_checkoutId], pub.Components.Select(c => c.ServiceId));
        var checkout = await _app.QueryAsync(db => db.StatusComponents.AsNoTracking().SingleAsync(c => c.ServiceId == _checkoutId));
        Assert.Equal(ComponentStatus.PartialOutage, checkout.Status);
        Assert.Equal("Checkout", checkout.PublicName);
        Assert.False(checkout.IsPublic); // An Admin decides that; the update only sets the status.
        var change = Assert.Single(await ChangesAsync());
        Assert.Equal((ComponentStatus.Operational, ComponentStatus.PartialOutage, _incidentId), (change.From, change.To, change.IncidentId));
        var entry = (await TimelineAsync()).Last();
        Assert.Equal(TimelineEntryKind.System, entry.Kind);
        Assert.Contains("published a status update (Investigating)", entry.Text);
        Assert.Contains("Checkout: Partial outage", entry.Text);
        Assert.Contains(_published, c => c.Kind == StatusPageChangeKind.UpdatePublished && c.IncidentId == _incidentId && c.StatusUpdateId == investigating);
        Assert.Contains(_published, c => c.Kind == StatusPageChangeKind.ComponentsChanged);
        Assert.Contains(_incidentChanges, c => c.Kind == IncidentChangeKind.StatusUpdated);

        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Identified, 0, null,
            new ComponentChoice(_checkoutId, ComponentStatus.MajorOutage), new ComponentChoice(_paymentsId, ComponentStatus.DegradedPerformance)));
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await Status.PublishAsync(_bob.Principal, _incidentId, Update(StatusStage.Monitoring, 1, null,
            new ComponentChoice(_checkoutId, ComponentStatus.DegradedPerformance), new ComponentChoice(_paymentsId, ComponentStatus.DegradedPerformance)));
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await Status.PublishAsync(_bob.Principal, _incidentId, Update(StatusStage.Resolved, 2, null,
            new ComponentChoice(_checkoutId, ComponentStatus.Operational), new ComponentChoice(_paymentsId, ComponentStatus.Operational)));

        pub = await PublicAsync();
        Assert.Equal(StatusStage.Resolved, pub.Stage);
        Assert.Equal(_app.Clock.UtcNow, pub.ResolvedAt);
        Assert.Null(pub.NextUpdateBy);
        Assert.Equal(3, pub.Version);
        Assert.Equal([_checkoutId, _paymentsId], pub.Components.Select(c => c.ServiceId).Order());
        var updates = await _app.QueryAsync(db => db.StatusUpdates.AsNoTracking().Include(u => u.Components).OrderBy(u => u.Id).ToListAsync());
        Assert.Equal([StatusStage.Investigating, StatusStage.Identified, StatusStage.Monitoring, StatusStage.Resolved], updates.Select(u => u.Stage));
        Assert.Equal(["Alice Responder", "Alice Responder", "Bob Responder", "Bob Responder"], updates.Select(u => u.PublishedByName));
        Assert.All(updates, u => Assert.False(u.MovedBack));
        Assert.Null(updates[3].NextUpdateBy);
        // Unchanged statuses (Payments stays degraded at Monitoring) write no history.
        Assert.Equal(
            [
                (_checkoutId, ComponentStatus.Operational, ComponentStatus.PartialOutage),
                (_checkoutId, ComponentStatus.PartialOutage, ComponentStatus.MajorOutage),
                (_paymentsId, ComponentStatus.Operational, ComponentStatus.DegradedPerformance),
                (_checkoutId, ComponentStatus.MajorOutage, ComponentStatus.DegradedPerformance),
                (_checkoutId, ComponentStatus.DegradedPerformance, ComponentStatus.Operational),
                (_paymentsId, ComponentStatus.DegradedPerformance, ComponentStatus.Operational),
            ],
            (await ChangesAsync()).Select(c => (c.ServiceId, c.From, c.To)));
        var statusEntries = (await TimelineAsync()).Where(t => t.Text.StartsWith("Status page:", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, statusEntries.Count);
        Assert.Contains("The public incident is resolved.", statusEntries[3].Text);
        // The Resolved update resolved the incident too (the default); StageAgreementServiceTests covers it.
        Assert.Equal(IncidentState.Resolved, (await _app.Queries.GetAsync(_alice.Principal, _incidentId)).Incident.State);
    }

    [Fact]
    public async Task The_view_lists_updates_newest_first_with_components_and_the_public_state()
    {
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Investigating, null, null, new ComponentChoice(_checkoutId, ComponentStatus.PartialOutage)));
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Identified, 0));

        var view = await Status.GetIncidentAsync(_alice.Principal, _incidentId);

        Assert.Equal(StatusStage.Identified, view.Public!.Stage);
        Assert.Equal(1, view.Public.Version);
        Assert.Equal([StatusStage.Identified, StatusStage.Investigating], view.Updates.Select(u => u.Stage));
        Assert.Equal("Checkout", Assert.Single(view.Updates[1].Components).Name);
        Assert.Equal([_checkoutId, _paymentsId], view.IncidentServiceIds.Order());
        Assert.Equal(4, view.Templates.Count);
    }

    [Fact]
    public async Task Invalid_updates_are_refused_with_every_reason()
    {
        var command = Update(StatusStage.Investigating, null, body: " ");
        command.Title = "";
        command.NextUpdateBy = _app.Clock.UtcNow.AddMinutes(-1);
        command.EffectiveAt = _app.Clock.UtcNow.AddHours(1);

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => Status.PublishAsync(_alice.Principal, _incidentId, command));

        Assert.Contains("Give the update a public title.", ex.Errors);
        Assert.Contains("Write the message.", ex.Errors);
        Assert.Contains("The next update time must be in the future.", ex.Errors);
        Assert.Contains("The update cannot speak for a time in the future.", ex.Errors);
        Assert.Empty(await _app.QueryAsync(db => db.PublicIncidents.ToListAsync()));
    }

    [Fact]
    public async Task A_backdated_update_speaks_for_the_earlier_time()
    {
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        var command = Update(StatusStage.Investigating, null);
        command.EffectiveAt = _app.Clock.UtcNow.AddMinutes(-15);

        await Status.PublishAsync(_alice.Principal, _incidentId, command);

        var update = await _app.QueryAsync(db => db.StatusUpdates.AsNoTracking().SingleAsync());
        Assert.Equal(_app.Clock.UtcNow.AddMinutes(-15), update.EffectiveAt);
        Assert.Equal(_app.Clock.UtcNow, update.PublishedAt);
        Assert.True(update.IsBackdated);
        var entry = (await TimelineAsync()).Last();
        Assert.Equal(update.EffectiveAt, entry.OccurredAt);
        Assert.Equal(update.PublishedAt, entry.RecordedAt);
    }

    // ---- Moving back ----

    [Fact]
    public async Task Moving_the_stage_back_is_refused_without_the_explicit_choice_and_recorded_with_it()
    {
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Investigating, null));
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Monitoring, 0));
        var before = await _app.SnapshotAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Identified, 1)));
        Assert.Contains("move the public stage back", refused.Message);
        var noReason = Update(StatusStage.Identified, 1);
        noReason.MoveBack = true;
        await Assert.ThrowsAsync<ValidationFailedException>(() => Status.PublishAsync(_alice.Principal, _incidentId, noReason));
        Assert.Equal(before, await _app.SnapshotAsync());

        var back = Update(StatusStage.Identified, 1);
        back.MoveBack = true;
        back.MoveBackReason = "The fix did not hold";
        await Status.PublishAsync(_alice.Principal, _incidentId, back);

        Assert.Equal(StatusStage.Identified, (await PublicAsync()).Stage);
        var update = await _app.QueryAsync(db => db.StatusUpdates.AsNoTracking().OrderBy(u => u.Id).LastAsync());
        Assert.True(update.MovedBack);
        var entry = (await TimelineAsync()).Last();
        Assert.Contains("moved the public stage back from Monitoring to Identified", entry.Text);
        Assert.Contains("Reason: The fix did not hold", entry.Text);
        Assert.True(entry.IsKeyEvent);
    }

    [Fact]
    public async Task Publishing_again_after_Resolved_reopens_the_public_incident_only_as_a_move_back()
    {
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Resolved, null));
        Assert.NotNull((await PublicAsync()).ResolvedAt);

        await Assert.ThrowsAsync<ValidationFailedException>(() => Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Investigating, 0)));
        var again = Update(StatusStage.Investigating, 0);
        again.MoveBack = true;
        again.MoveBackReason = "Errors are back";
        await Status.PublishAsync(_alice.Principal, _incidentId, again);

        var pub = await PublicAsync();
        Assert.Null(pub.ResolvedAt);
        Assert.Equal(StatusStage.Investigating, pub.Stage);
        Assert.NotNull(pub.NextUpdateBy);
    }

    // ---- Corrections ----

    [Fact]
    public async Task A_correction_is_a_new_update_and_the_original_is_kept_as_superseded()
    {
        var originalId = await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Identified, null, "Checkout fails because of the CDN.", new ComponentChoice(_checkoutId, ComponentStatus.MajorOutage)));
        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        var changesBefore = (await ChangesAsync()).Count;

        var correctionId = await Status.CorrectAsync(_bob.Principal, _incidentId, originalId, 0, "Checkout fails because of a database problem.");

        var updates = await _app.QueryAsync(db => db.StatusUpdates.AsNoTracking().OrderBy(u => u.Id).ToListAsync());
        Assert.Equal(2, updates.Count);
        var original = updates.Single(u => u.Id == originalId);
        var correction = updates.Single(u => u.Id == correctionId);
        Assert.Equal("Checkout fails because of the CDN.", original.Body);
        Assert.Equal(_app.Clock.UtcNow, original.SupersededAt);
        Assert.Equal(originalId, correction.CorrectionOfId);
        Assert.Null(correction.SupersededAt);
        Assert.Equal(StatusStage.Identified, correction.Stage);
        Assert.Equal(original.EffectiveAt, correction.EffectiveAt);
        Assert.Equal(_app.Clock.UtcNow, correction.PublishedAt);
        Assert.Equal("Bob Responder", correction.PublishedByName);
        Assert.Equal(changesBefore, (await ChangesAsync()).Count);
        Assert.Equal(1, (await PublicAsync()).Version);
        Assert.Contains("corrected the Identified update", (await TimelineAsync()).Last().Text);
        Assert.Contains(_published, c => c.Kind == StatusPageChangeKind.UpdatePublished && c.StatusUpdateId == correctionId);

        var view = await Status.GetIncidentAsync(_alice.Principal, _incidentId);
        var shown = view.Updates.Single(u => u.Id == correctionId);
        Assert.True(shown.IsCorrection);
        Assert.Equal("Checkout fails because of the CDN.", shown.OriginalBody);
        Assert.True(view.Updates.Single(u => u.Id == originalId).IsSuperseded);

        // The superseded one cannot be corrected again; the correction can.
        await Assert.ThrowsAsync<ValidationFailedException>(() => Status.CorrectAsync(_bob.Principal, _incidentId, originalId, 1, "Third text"));
        await Status.CorrectAsync(_bob.Principal, _incidentId, correctionId, 1, "Third text");
    }

    [Fact]
    public async Task A_correction_keeps_the_components_the_original_set_on_the_public_page()
    {
        var checkout = (await Status.ListComponentsAsync(_ada.Principal)).Single(c => c.ServiceId == _checkoutId);
        await Status.SaveComponentAsync(_ada.Principal, _checkoutId, checkout.Version, new ComponentSettings("Checkout", null, 0, IsPublic: true));
        var originalId = await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Identified, null, "Checkout fails because of the CDN.", new ComponentChoice(_checkoutId, ComponentStatus.MajorOutage)));

        var correctionId = await Status.CorrectAsync(_bob.Principal, _incidentId, originalId, 0, "Checkout fails because of a database problem.");

        var shown = (await _app.Services.GetRequiredService<IncidentCenter.StatusPage.Public.IPublicStatusSource>().LoadIncidentAsync(_incidentId))!.Updates.Single();
        Assert.Equal(correctionId, shown.Id);
        var affected = Assert.Single(shown.Components);
        Assert.Equal(("Checkout", ComponentStatus.Operational, ComponentStatus.MajorOutage), (affected.Name, affected.OldStatus, affected.NewStatus));
        var internalView = (await Status.GetIncidentAsync(_alice.Principal, _incidentId)).Updates.Single(u => u.Id == correctionId);
        Assert.Equal([(_checkoutId, ComponentStatus.MajorOutage)], internalView.Components.Select(c => (c.ServiceId, c.Status)));
    }

    [Fact]
    public async Task A_backdated_update_never_reorders_a_components_history_behind_its_current_status()
    {
        var checkout = (await Status.ListComponentsAsync(_ada.Principal)).Single(c => c.ServiceId == _checkoutId);
        checkout = await Status.SaveComponentAsync(_ada.Principal, _checkoutId, checkout.Version, new ComponentSettings("Checkout", null, 0, IsPublic: true));
        _app.Clock.Advance(TimeSpan.FromMinutes(20)); // 10:20: someone marks it degraded by hand
        await Status.SetComponentStatusAsync(_alice.Principal, _checkoutId, checkout.Version, ComponentStatus.DegradedPerformance);
        _app.Clock.Advance(TimeSpan.FromMinutes(10)); // 10:30: an update backdated to 10:15 says it is a major outage
        var update = Update(StatusStage.Investigating, null, null, new ComponentChoice(_checkoutId, ComponentStatus.MajorOutage));
        update.EffectiveAt = _app.Clock.UtcNow.AddMinutes(-15);
        await Status.PublishAsync(_alice.Principal, _incidentId, update);
        _app.Clock.Advance(TimeSpan.FromMinutes(30)); // 11:00

        var history = await _app.Services.GetRequiredService<IncidentCenter.StatusPage.Public.IPublicStatusSource>().LoadHistoryAsync();

        // It is in a major outage now, so the history ends in one: the status it had before the
        // hand-made change cannot be replayed after it.
        var today = history.Components.Single(c => c.Id == _checkoutId).Days[^1];
        Assert.Equal(ComponentStatus.MajorOutage, today.Worst);
        Assert.Equal(TimeSpan.FromMinutes(40), today.Major);
        Assert.Equal(TimeSpan.Zero, today.Degraded);
    }

    [Fact]
    public async Task A_correction_from_a_stale_version_is_refused()
    {
        var id = await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Investigating, null));
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Identified, 0));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Status.CorrectAsync(_bob.Principal, _incidentId, id, 0, "Other words"));
    }

    // ---- Two responders at once ----

    [Fact]
    public async Task The_second_of_two_first_publishers_is_told_and_nothing_of_theirs_is_written()
    {
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Investigating, null, "Alice's words"));
        var before = await _app.SnapshotAsync();

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Status.PublishAsync(_bob.Principal, _incidentId, Update(StatusStage.Investigating, null, "Bob's words")));

        Assert.StartsWith("Someone published while you were writing: Alice Responder published a status update (Investigating)", ex.Message);
        Assert.Contains("Alice's words", ex.Message);
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Of_two_publishes_at_the_same_moment_exactly_one_wins()
    {
        var results = await Task.WhenAll(
            Outcome(Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Investigating, null, "Alice's words"))),
            Outcome(Status.PublishAsync(_bob.Principal, _incidentId, Update(StatusStage.Investigating, null, "Bob's words"))));

        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r is ConcurrencyConflictException);
        Assert.Single(await _app.QueryAsync(db => db.StatusUpdates.ToListAsync()));
        Assert.Equal(0, (await PublicAsync()).Version);

        static async Task<Exception?> Outcome(Task task)
        {
            try
            {
                await task;
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }
    }

    [Fact]
    public async Task A_publish_composed_against_an_older_version_is_refused()
    {
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Investigating, null));
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Identified, 0));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Status.PublishAsync(_bob.Principal, _incidentId, Update(StatusStage.Identified, 0)));
        await Status.PublishAsync(_bob.Principal, _incidentId, Update(StatusStage.Monitoring, 1));
        Assert.Equal(StatusStage.Monitoring, (await PublicAsync()).Stage);
    }

    // ---- Stage checks ----

    [Fact]
    public async Task An_Identified_update_that_names_nothing_affected_needs_confirming()
    {
        var vague = Update(StatusStage.Identified, null, "We found the cause and are fixing it.");

        var ex = await Assert.ThrowsAsync<StatusWarningsException>(() => Status.PublishAsync(_alice.Principal, _incidentId, vague));
        Assert.Contains(ex.Warnings, w => w.Contains("does not say what is affected"));
        Assert.Empty(await _app.QueryAsync(db => db.StatusUpdates.ToListAsync()));

        // Naming the service in the text is enough; so is choosing a component; so is confirming.
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Identified, null, "The cause of the payments errors is found."));
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Identified, 0, "Found it.", new ComponentChoice(_checkoutId, ComponentStatus.MajorOutage)));
        vague.ExpectedVersion = 1;
        vague.AcknowledgeWarnings = true;
        await Status.PublishAsync(_alice.Principal, _incidentId, vague);
    }

    [Fact]
    public async Task An_open_update_without_a_next_update_time_needs_confirming_but_Resolved_does_not()
    {
        var open = Update(StatusStage.Investigating, null);
        open.NextUpdateBy = null;
        var ex = await Assert.ThrowsAsync<StatusWarningsException>(() => Status.PublishAsync(_alice.Principal, _incidentId, open));
        Assert.Contains(ex.Warnings, w => w.Contains("promises no time for the next one"));

        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Resolved, null));
    }

    [Fact]
    public void Stage_checks_name_each_problem()
    {
        Assert.Empty(StatusStages.Check(StatusStage.Identified, "Checkout is down", 0, DateTime.UtcNow, ["Checkout"]));
        Assert.Single(StatusStages.Check(StatusStage.Identified, "It is down", 0, DateTime.UtcNow, ["Checkout"]));
        Assert.Empty(StatusStages.Check(StatusStage.Identified, "It is down", 1, DateTime.UtcNow, ["Checkout"]));
        Assert.Equal(2, StatusStages.Check(StatusStage.Identified, "It is down", 0, null, []).Count);
        Assert.Single(StatusStages.Check(StatusStage.Monitoring, "It is down", 0, null, []));
        Assert.Empty(StatusStages.Check(StatusStage.Resolved, "All good", 0, null, []));
    }

    [Fact]
    public void The_next_stage_follows_the_current_one()
    {
        Assert.Equal(StatusStage.Investigating, StatusStages.Next(null));
        Assert.Equal(StatusStage.Identified, StatusStages.Next(StatusStage.Investigating));
        Assert.Equal(StatusStage.Monitoring, StatusStages.Next(StatusStage.Identified));
        Assert.Equal(StatusStage.Resolved, StatusStages.Next(StatusStage.Monitoring));
        Assert.Equal(StatusStage.Resolved, StatusStages.Next(StatusStage.Resolved));
        Assert.Equal(StatusStage.Monitoring, StatusStages.Suggest(StatusStage.Investigating, IncidentState.Monitoring));
        Assert.Equal(StatusStage.Resolved, StatusStages.Suggest(null, IncidentState.Resolved));
        Assert.Equal(StatusStage.Resolved, StatusStages.Suggest(StatusStage.Identified, IncidentState.Closed));
        Assert.Equal(StatusStage.Identified, StatusStages.Suggest(StatusStage.Investigating, IncidentState.Investigating));
        Assert.Equal(StatusStage.Investigating, StatusStages.Suggest(null, IncidentState.Investigating));
        Assert.True(StatusStages.IsBackward(StatusStage.Monitoring, StatusStage.Identified));
        Assert.False(StatusStages.IsBackward(StatusStage.Monitoring, StatusStage.Monitoring));
        Assert.False(StatusStages.IsBackward(null, StatusStage.Investigating));
    }

    // ---- Cadence ----

    [Fact]
    public async Task The_next_update_is_due_when_promised_and_overdue_after()
    {
        var overdue = await Status.OverdueAsync(_alice.Principal);
        Assert.Empty(overdue);
        var view = await Status.GetIncidentAsync(_alice.Principal, _incidentId);
        // SEV2, not public yet: the first update is owed 30 minutes after declaration.
        Assert.Equal(_app.Clock.UtcNow.AddMinutes(30), view.Cadence.DueAt);
        Assert.False(view.Cadence.IsOverdue);

        _app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(_incidentId, Assert.Single(await Status.OverdueAsync(_alice.Principal)).IncidentId);
        Assert.True((await Status.GetIncidentAsync(_alice.Principal, _incidentId)).Cadence.IsOverdue);

        var command = Update(StatusStage.Investigating, null);
        command.NextUpdateBy = _app.Clock.UtcNow.AddMinutes(20);
        await Status.PublishAsync(_alice.Principal, _incidentId, command);
        view = await Status.GetIncidentAsync(_alice.Principal, _incidentId);
        Assert.Equal(_app.Clock.UtcNow.AddMinutes(20), view.Cadence.DueAt);
        Assert.Equal(TimeSpan.FromMinutes(20), view.Cadence.Remaining(_app.Clock.UtcNow));
        Assert.Empty(await Status.OverdueAsync(_alice.Principal));

        _app.Clock.Advance(TimeSpan.FromMinutes(21));
        Assert.Single(await Status.OverdueAsync(_alice.Principal));

        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Resolved, 0));
        view = await Status.GetIncidentAsync(_alice.Principal, _incidentId);
        Assert.Null(view.Cadence.DueAt);
        Assert.Empty(await Status.OverdueAsync(_alice.Principal));
    }

    [Fact]
    public async Task The_dashboard_gets_due_times_for_the_incidents_on_its_page()
    {
        var sev3 = await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident { Title = "Slow search", Severity = Severity.Sev3 });
        var other = await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident { Title = "Other", Severity = Severity.Sev1 });

        var due = await Status.DueAsync(_alice.Principal, [_incidentId, sev3.Id]);

        // The SEV3 is internal only; the SEV1 is not on the page asked about.
        Assert.Equal([new StatusDue(_incidentId, _app.Clock.UtcNow.AddMinutes(30), false)], due);
        _app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.True(Assert.Single(await Status.DueAsync(_alice.Principal, [_incidentId])).IsOverdue);
        Assert.Equal([_incidentId, other.Id], (await Status.OverdueAsync(_alice.Principal)).Select(d => d.IncidentId));
    }

    [Fact]
    public void Cadence_rules_by_severity_and_state()
    {
        var declared = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);
        var sev3 = new Incident { Severity = Severity.Sev3, State = IncidentState.Investigating, DeclaredAt = declared };
        var resolved = new Incident { Severity = Severity.Sev1, State = IncidentState.Resolved, DeclaredAt = declared };
        var sev1 = new Incident { Severity = Severity.Sev1, State = IncidentState.Identified, DeclaredAt = declared };
        var noPromise = new PublicIncident { Stage = StatusStage.Identified, LastPublishedAt = declared.AddMinutes(40) };

        // An internal-only SEV3 owes nothing until it is public.
        Assert.Null(StatusCadence.Compute(sev3, null, TimeSpan.FromHours(2), declared.AddDays(1)).DueAt);
        Assert.Null(StatusCadence.Compute(resolved, noPromise, TimeSpan.FromMinutes(15), declared.AddDays(1)).DueAt);
        // Without a promised time, one UpdateEvery after the last publish.
        var cadence = StatusCadence.Compute(sev1, noPromise, TimeSpan.FromMinutes(15), declared.AddMinutes(56));
        Assert.Equal(declared.AddMinutes(55), cadence.DueAt);
        Assert.True(cadence.IsOverdue);
    }

    [Fact]
    public void Countdown_text_is_minutes_and_seconds_then_hours()
    {
        Assert.Equal("12:05", UpdateCountdown.Format(TimeSpan.FromSeconds(12 * 60 + 5)));
        Assert.Equal("0:09", UpdateCountdown.Format(TimeSpan.FromSeconds(9)));
        Assert.Equal("2h 05m", UpdateCountdown.Format(TimeSpan.FromMinutes(125)));
    }

    // ---- Templates ----

    [Fact]
    public void Template_placeholders_are_filled_from_the_incident()
    {
        var facts = new StatusTemplateFacts("Checkout errors", ["Checkout", "Payments", "Search"], StatusImpact.Major,
            new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 23, 10, 30, 0, DateTimeKind.Utc));

        var text = StatusTemplates.Render("{{Title}}: {{Services}} since {{StartedAt}}. {{Impact}} Next by {{ NextUpdateBy }}.", facts);

        Assert.Equal("Checkout errors: Checkout, Payments and Search since 2026-11-23 10:00 UTC. Many customers may see errors or long delays. Next by 10:30 UTC.", text);
        Assert.Equal("our service / soon", StatusTemplates.Render("{{Services}} / {{NextUpdateBy}}", facts with { Services = [], NextUpdateBy = null }));
        foreach (var stage in StatusStages.All)
        {
            Assert.Null(StatusTemplates.Check(StatusTemplates.Default(stage)));
            Assert.DoesNotContain("{{", StatusTemplates.Render(StatusTemplates.Default(stage), facts));
        }
    }

    [Fact]
    public void Templates_with_unknown_or_unclosed_placeholders_are_refused()
    {
        Assert.Contains("Unknown placeholder {{Servce}}", StatusTemplates.Check("Problem with {{Servce}}"));
        Assert.NotNull(StatusTemplates.Check("Problem with {{Services"));
        Assert.NotNull(StatusTemplates.Check("  "));
        Assert.Null(StatusTemplates.Check("Problem with {{Services}}"));
    }

    [Fact]
    public async Task Defaults_are_seeded_and_Admins_edit_them_with_version_checks()
    {
        var list = await Templates.ListAsync(_alice.Principal);
        Assert.Equal(StatusStages.All, list.Select(t => t.Stage));
        Assert.All(list, t => Assert.Equal(StatusTemplates.Default(t.Stage), t.Body));
        Assert.All(list, t => Assert.Equal(0, t.Version));

        await Templates.SaveAsync(_ada.Principal, StatusStage.Identified, 0, "We know what broke {{Services}}.");
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Templates.SaveAsync(_ada.Principal, StatusStage.Identified, 0, "Stale"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Templates.SaveAsync(_ada.Principal, StatusStage.Identified, 1, "{{Nope}}"));

        var saved = (await Templates.ListAsync(_alice.Principal)).Single(t => t.Stage == StatusStage.Identified);
        Assert.Equal("We know what broke {{Services}}.", saved.Body);
        Assert.Equal(1, saved.Version);
        Assert.Equal("Ada Admin", saved.UpdatedByName);
        Assert.Equal("We know what broke {{Services}}.", (await Status.GetIncidentAsync(_alice.Principal, _incidentId)).Templates[StatusStage.Identified]);

        // Seeding again leaves an edited template alone.
        await using var db = await _app.CreateDbContextAsync();
        await StatusTemplateService.EnsureDefaultsAsync(db, _app.Clock.UtcNow);
        Assert.Equal("We know what broke {{Services}}.", (await Templates.ListAsync(_alice.Principal)).Single(t => t.Stage == StatusStage.Identified).Body);
    }

    // ---- Components ----

    [Fact]
    public async Task Every_catalog_service_is_listed_and_Admins_configure_components()
    {
        var rows = await Status.ListComponentsAsync(_alice.Principal);
        Assert.Equal(["Checkout", "Payments"], rows.Select(r => r.PublicName));
        Assert.All(rows, r => Assert.Null(r.Version));
        Assert.All(rows, r => Assert.False(r.IsPublic));

        var saved = await Status.SaveComponentAsync(_ada.Principal, _paymentsId, null, new ComponentSettings(" Card payments ", " Shop ", 2, true));
        Assert.Equal(("Card payments", "Shop", 2, true, 0), (saved.PublicName, saved.GroupName, saved.SortOrder, saved.IsPublic, saved.Version));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Status.SaveComponentAsync(_ada.Principal, _paymentsId, null, new ComponentSettings("Payments", null, 0, true)));
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Status.SaveComponentAsync(_ada.Principal, _paymentsId, 0, new ComponentSettings("", null, 0, true)));
        saved = await Status.SaveComponentAsync(_ada.Principal, _paymentsId, 0, new ComponentSettings("Card payments", null, 2, true));
        Assert.Null(saved.GroupName);
        Assert.Equal(1, saved.Version);
        Assert.Contains(_published, c => c.Kind == StatusPageChangeKind.ComponentsChanged && c.IncidentId is null);
        Assert.Empty(await ChangesAsync());
    }

    [Fact]
    public async Task Responders_set_a_status_by_hand_and_it_is_recorded()
    {
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        var row = await Status.SetComponentStatusAsync(_alice.Principal, _checkoutId, null, ComponentStatus.UnderMaintenance);
        Assert.Equal(ComponentStatus.UnderMaintenance, row.Status);
        Assert.Equal(_app.Clock.UtcNow, row.StatusChangedAt);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Status.SetComponentStatusAsync(_bob.Principal, _checkoutId, null, ComponentStatus.MajorOutage));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Status.SetComponentStatusAsync(_bob.Principal, _checkoutId, row.Version, ComponentStatus.UnderMaintenance));
        row = await Status.SetComponentStatusAsync(_bob.Principal, _checkoutId, row.Version, ComponentStatus.Operational);

        var changes = await ChangesAsync();
        Assert.Equal(
            [(ComponentStatus.Operational, ComponentStatus.UnderMaintenance, (int?)null), (ComponentStatus.UnderMaintenance, ComponentStatus.Operational, null)],
            changes.Select(c => (c.From, c.To, c.IncidentId)));
        Assert.Equal(1, row.Version);
    }

    // ---- Messages ----

    [Fact]
    public async Task The_internal_update_and_customer_notice_are_built_from_the_incident()
    {
        // Checkout is on the public page as "Checkout service"; Payments stays internal-only.
        await Status.SaveComponentAsync(_ada.Principal, _checkoutId, null, new ComponentSettings("Checkout service", null, 0, IsPublic: true));
        await _app.Timeline.AddAsync(_alice.Principal, _incidentId, new TimelineDraft { Text = "Raised the db-7 pool limit", Kind = TimelineEntryKind.Action, IsKeyEvent = true });
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Identified, null, "A database limit was too low for Checkout."));
        _app.Clock.Advance(TimeSpan.FromMinutes(45));
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Resolved, 0, "We raised the limit; Checkout works again."));

        var messages = await Status.BuildMessagesAsync(_alice.Principal, _incidentId);

        Assert.StartsWith($"[SEV2] INC-{_incidentId}: db-7 pool exhausted, checkout 500s\n", messages.Internal);
        Assert.Contains("Status: Resolved (status page: Resolved)\n", messages.Internal);
        Assert.Contains("Impact: Major - Many customers may see errors or long delays. Affected: Checkout, Payments.\n", messages.Internal);
        Assert.Contains("Start time: 2026-11-23 10:00 UTC (45m until resolved at 10:45 UTC)\n", messages.Internal);
        Assert.Contains("Incident Commander: Alice Responder\n", messages.Internal);
        Assert.Contains("Actions taken:\n- 10:00 UTC Raised the db-7 pool limit\n", messages.Internal);
        Assert.Contains("Next steps:\n- Write and review the post-mortem.\n", messages.Internal);

        Assert.StartsWith("Subject: Service disruption on 2026-11-23 - Checkout errors\n", messages.Customer);
        Assert.Contains("We had a service disruption from 2026-11-23 10:00 UTC to 10:45 UTC (45m).", messages.Customer);
        Assert.Contains("What happened:\n- A database limit was too low for Checkout.\n", messages.Customer);
        Assert.Contains("Impact:\n- Checkout service affected.\n", messages.Customer);
        Assert.DoesNotContain("Payments", messages.Customer);
        Assert.Contains("Resolution:\n- We raised the limit; Checkout works again.\n", messages.Customer);
        Assert.Contains("We are sorry", messages.Customer);
    }

    [Fact]
    public void Message_builders_for_an_open_incident_promise_the_next_update()
    {
        var now = new DateTime(2026, 11, 23, 11, 0, 0, DateTimeKind.Utc);
        var facts = new IncidentMessageFacts("INC-9", "Search slow", "Search is slow", Severity.Sev3, IncidentState.Investigating, null,
            StatusImpact.Minor, [], now.AddMinutes(-20), null, now, "Sam", [], now.AddMinutes(30), false, null, null);

        var internalText = InternalUpdateBuilder.Build(facts);
        var customer = CustomerNoticeBuilder.Build(facts);

        Assert.Contains("Status: Investigating (not on the status page)\n", internalText);
        Assert.Contains("Start time: 2026-11-23 10:40 UTC (20m ago)\n", internalText);
        Assert.Contains("Actions taken:\n- None recorded yet.\n", internalText);
        Assert.Contains("- Find the cause and decide on a fix or a mitigation.\n- Next update by 11:30 UTC.\n", internalText);
        Assert.Contains("that began at 2026-11-23 10:40 UTC.", customer);
        Assert.Contains("- We are still working on it and will update you by 11:30 UTC.", customer);
        Assert.Contains("- Our service affected.", customer);
    }

    // ---- Post-mortem ----

    [Fact]
    public async Task The_postmortem_lists_the_published_updates_with_corrections_in_place()
    {
        var first = await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Investigating, null, "Checkout | errors under investigation."));
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Identified, 0, "Payments database\nlimit found."));
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        await Status.CorrectAsync(_alice.Principal, _incidentId, first, 1, "Checkout errors are being investigated.");
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        await Status.PublishAsync(_alice.Principal, _incidentId, Update(StatusStage.Resolved, 2, "All good."));

        var postmortems = _app.Services.GetRequiredService<PostmortemService>();
        var md = (await postmortems.GenerateAsync(_alice.Principal, _incidentId)).Markdown;
        var start = md.IndexOf("<!-- generated:status-updates -->", StringComparison.Ordinal);
        var section = md[start..md.IndexOf("<!-- /generated:status-updates -->", start, StringComparison.Ordinal)];

        Assert.Equal("<!-- generated:status-updates -->\n\n" +
            "- 2026-11-23 10:00 UTC (Investigating): Checkout errors are being investigated. (corrected at 2026-11-23 10:12 UTC)\n" +
            "- 2026-11-23 10:10 UTC (Identified): Payments database limit found.\n" +
            "- 2026-11-23 10:32 UTC (Resolved): All good.\n\n", section);
    }
}
