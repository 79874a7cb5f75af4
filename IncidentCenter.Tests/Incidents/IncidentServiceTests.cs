using IncidentCenter.Accounts;
using IncidentCenter.Catalog;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Incidents;

public class IncidentServiceTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _alice = null!; // Responder
    private TestUser _bob = null!;   // Responder
    private TestUser _vera = null!;  // Viewer

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _alice = await _app.CreateUserAsync("Alice Responder", AppRoles.Responder);
        _bob = await _app.CreateUserAsync("Bob Responder", AppRoles.Responder);
        _vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<Incident> DeclareAsync(string title = "Checkout errors", Action<DeclareIncident>? configure = null)
    {
        var command = new DeclareIncident { Title = title, Severity = Severity.Sev2 };
        configure?.Invoke(command);
        return _app.Incidents.DeclareAsync(_alice.Principal, command);
    }

    private Task<Incident> LoadAsync(int id) => _app.QueryAsync(db => db.Incidents
        .Include(i => i.Roles).Include(i => i.Services).ThenInclude(l => l.Service)
        .Include(i => i.StateChanges).Include(i => i.SeverityChanges)
        .AsNoTracking().SingleAsync(i => i.Id == id));

    private Task<List<TimelineEntry>> TimelineAsync(int id) => _app.QueryAsync(db =>
        db.TimelineEntries.AsNoTracking().Where(t => t.IncidentId == id).OrderBy(t => t.Id).ToListAsync());

    // ---- Declare ----

    [Fact]
    public async Task Declare_stores_the_incident_open_and_investigating_with_the_declarer_as_commander()
    {
        var declared = await DeclareAsync("  Checkout errors  ", c => c.Description = " Payments fail ");

        var incident = await LoadAsync(declared.Id);
        Assert.Equal("Checkout errors", incident.Title);
        Assert.Equal("Payments fail", incident.Description);
        Assert.Equal(Severity.Sev2, incident.Severity);
        Assert.Equal(IncidentState.Investigating, incident.State);
        Assert.True(incident.IsOpen);
        Assert.Equal(_app.Clock.UtcNow, incident.DeclaredAt);
        Assert.Equal(_app.Clock.UtcNow, incident.DetectedAt);
        Assert.Equal(DateTimeKind.Utc, incident.DeclaredAt.Kind);
        Assert.Null(incident.ResolvedAt);
        Assert.Equal(_alice.Id, incident.DeclaredById);
        Assert.Equal(_alice.Id, incident.CommanderId);
        Assert.Equal("Alice Responder", incident.CommanderName);
        var commander = Assert.Single(incident.Roles);
        Assert.Equal((IncidentRole.Commander, _alice.Id), (commander.Role, commander.UserId));
        var state = Assert.Single(incident.StateChanges);
        Assert.Equal((null, IncidentState.Investigating, _app.Clock.UtcNow, _alice.Id), (state.From, state.To, state.At, state.ByUserId));
        var severity = Assert.Single(incident.SeverityChanges);
        Assert.Equal((null, Severity.Sev2), (severity.From, severity.To));
    }

    [Fact]
    public async Task Declare_writes_a_key_system_entry_naming_severity_commander_and_services()
    {
        var declared = await DeclareAsync(configure: c => c.NewServiceNames = ["Payments"]);

        var entry = Assert.Single(await TimelineAsync(declared.Id));
        Assert.Equal(TimelineEntryKind.System, entry.Kind);
        Assert.True(entry.IsKeyEvent);
        Assert.Equal(_alice.Id, entry.AuthorId);
        Assert.Equal(_app.Clock.UtcNow, entry.OccurredAt);
        Assert.Contains("SEV2", entry.Text);
        Assert.Contains("Alice Responder is Incident Commander", entry.Text);
        Assert.Contains("Payments", entry.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Declare_requires_a_title(string title)
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => DeclareAsync(title));
        Assert.Contains("Give the incident a title.", ex.Errors);
        Assert.Equal(0, await _app.QueryAsync(db => db.Incidents.CountAsync()));
    }

    [Fact]
    public async Task Declare_accepts_200_characters_and_refuses_201()
    {
        await DeclareAsync(new string('a', 200));
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => DeclareAsync(new string('a', 201)));
        Assert.Contains("The title can be at most 200 characters.", ex.Errors);
        Assert.Equal(1, await _app.QueryAsync(db => db.Incidents.CountAsync()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(-1)]
    public async Task Declare_refuses_an_undefined_severity(int severity)
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => DeclareAsync(configure: c => c.Severity = (Severity)severity));
        Assert.Contains("Choose a severity from SEV1 to SEV4.", ex.Errors);
        Assert.Equal(0, await _app.QueryAsync(db => db.Incidents.CountAsync()));
    }

    [Fact]
    public async Task Declare_refuses_a_detection_time_in_the_future()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            DeclareAsync(configure: c => c.DetectedAt = _app.Clock.UtcNow.AddMinutes(10)));
        Assert.Contains("The detection time cannot be in the future.", ex.Errors);
        Assert.Equal(0, await _app.QueryAsync(db => db.Incidents.CountAsync()));
    }

    [Fact]
    public async Task Declare_tolerates_a_little_clock_skew()
    {
        var declared = await DeclareAsync(configure: c => c.DetectedAt = _app.Clock.UtcNow.AddMinutes(2));
        Assert.Equal(_app.Clock.UtcNow.AddMinutes(2), (await LoadAsync(declared.Id)).DetectedAt);
    }

    [Fact]
    public async Task Declare_with_an_earlier_detection_time_records_when_the_problem_was_detected()
    {
        var detected = _app.Clock.UtcNow.AddHours(-2);
        var declared = await DeclareAsync(configure: c => c.DetectedAt = detected);

        Assert.Equal(detected, (await LoadAsync(declared.Id)).DetectedAt);
        var timeline = await TimelineAsync(declared.Id);
        Assert.Equal(2, timeline.Count);
        var first = timeline.Single(t => t.Text == "Problem detected.");
        Assert.Equal(detected, first.OccurredAt);
        Assert.Equal(_app.Clock.UtcNow, first.RecordedAt);
        Assert.True(first.IsKeyEvent);
    }

    [Fact]
    public async Task Declare_can_name_another_responder_as_commander()
    {
        var declared = await DeclareAsync(configure: c => c.CommanderId = _bob.Id);

        var incident = await LoadAsync(declared.Id);
        Assert.Equal(_bob.Id, incident.CommanderId);
        Assert.Equal("Bob Responder", incident.CommanderName);
        Assert.Equal(_alice.Id, incident.DeclaredById);
        Assert.Equal(_bob.Id, Assert.Single(incident.Roles).UserId);
    }

    [Fact]
    public async Task Declare_refuses_a_viewer_as_commander()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => DeclareAsync(configure: c => c.CommanderId = _vera.Id));
        Assert.Contains("Viewer", ex.Message);
        Assert.Equal(0, await _app.QueryAsync(db => db.Incidents.CountAsync()));
    }

    [Fact]
    public async Task Declare_adds_new_services_on_the_spot_and_matches_existing_names_ignoring_case()
    {
        var payments = await _app.Catalog.AddAsync(_alice.Principal, "Payments", null);

        var declared = await DeclareAsync(configure: c => c.NewServiceNames = ["payments", "  Search  ", "SEARCH", ""]);

        var services = await _app.QueryAsync(db => db.Services.AsNoTracking().OrderBy(s => s.Name).ToListAsync());
        Assert.Equal(["Payments", "Search"], services.Select(s => s.Name));
        var linked = (await LoadAsync(declared.Id)).Services.Select(l => l.ServiceId).Order().ToList();
        Assert.Equal(services.Select(s => s.Id).Order(), linked);
        Assert.Contains(payments.Id, linked);
    }

    [Fact]
    public async Task Declare_links_chosen_services_by_id_and_refuses_unknown_ids()
    {
        var payments = await _app.Catalog.AddAsync(_alice.Principal, "Payments", null);
        var declared = await DeclareAsync(configure: c => c.ServiceIds = [payments.Id]);
        Assert.Equal(payments.Id, Assert.Single((await LoadAsync(declared.Id)).Services).ServiceId);

        await Assert.ThrowsAsync<ValidationFailedException>(() => DeclareAsync(configure: c => c.ServiceIds = [payments.Id + 100]));
        Assert.Equal(1, await _app.QueryAsync(db => db.Incidents.CountAsync()));
    }

    [Fact]
    public async Task A_refused_declaration_adds_no_services()
    {
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeclareAsync("", c => c.NewServiceNames = ["Brand new"]));
        Assert.Equal(0, await _app.QueryAsync(db => db.Services.CountAsync()));
    }

    [Fact]
    public async Task Declare_tells_subscribers()
    {
        var notifier = _app.Services.GetRequiredService<IncidentNotifier>();
        var heard = new List<IncidentChanged>();
        using var subscription = notifier.SubscribeAll(change => { heard.Add(change); return Task.CompletedTask; });

        var declared = await DeclareAsync();

        Assert.Equal([new IncidentChanged(declared.Id, IncidentChangeKind.Declared)], heard);
    }

    [Fact]
    public async Task A_page_that_never_takes_the_change_holds_up_the_declaration_only_for_the_subscriber_wait()
    {
        var notifier = _app.Services.GetRequiredService<IncidentNotifier>();
        var stuck = new TaskCompletionSource();
        var heard = new List<IncidentChanged>();
        using var hung = notifier.SubscribeAll(_ => stuck.Task);
        using var other = notifier.SubscribeAll(change => { heard.Add(change); return Task.CompletedTask; });

        var declaring = DeclareAsync();
        // The other page heard it at once; the declaration waits for the stuck one, up to the limit.
        await WaitUntilAsync(() => heard.Count == 1);
        Assert.False(declaring.IsCompleted);
        // (Advanced until it lets go: the wait's timer may start a moment after the other page heard it.)
        for (var i = 0; i < 100 && !declaring.IsCompleted; i++)
        {
            _app.Clock.Advance(IncidentNotifier.SubscriberWait);
            await Task.Delay(10);
        }

        var declared = await declaring.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([new IncidentChanged(declared.Id, IncidentChangeKind.Declared)], heard);
        stuck.SetResult();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(condition());
    }

    // ---- State ----

    [Fact]
    public async Task State_changes_are_recorded_with_their_times_and_resolving_sets_ResolvedAt()
    {
        var declared = await DeclareAsync();
        var declaredAt = _app.Clock.UtcNow;

        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 0, IncidentState.Identified);
        var identifiedAt = _app.Clock.UtcNow;
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        await _app.Incidents.ChangeStateAsync(_bob.Principal, declared.Id, 1, IncidentState.Monitoring, "Rolled back the deploy");
        var monitoringAt = _app.Clock.UtcNow;
        _app.Clock.Advance(TimeSpan.FromMinutes(30));
        await _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 2, IncidentState.Resolved);
        var resolvedAt = _app.Clock.UtcNow;

        var incident = await LoadAsync(declared.Id);
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.False(incident.IsOpen);
        Assert.Equal(resolvedAt, incident.ResolvedAt);
        Assert.Equal(resolvedAt, incident.StateChangedAt);
        Assert.Null(incident.ClosedAt);
        Assert.Equal(3, incident.Version);
        var changes = incident.StateChanges.OrderBy(s => s.At).Select(s => (s.From, s.To, s.At, s.ByUserId, s.Reason)).ToList();
        Assert.Equal(
        [
            (null, IncidentState.Investigating, declaredAt, _alice.Id, null),
            (IncidentState.Investigating, IncidentState.Identified, identifiedAt, _alice.Id, null),
            (IncidentState.Identified, IncidentState.Monitoring, monitoringAt, _bob.Id, "Rolled back the deploy"),
            (IncidentState.Monitoring, IncidentState.Resolved, resolvedAt, _alice.Id, null),
        ], changes);
    }

    [Theory]
    [InlineData(Severity.Sev1)]
    [InlineData(Severity.Sev2)]
    public async Task Sev1_and_Sev2_incidents_close_only_through_their_postmortem(Severity severity)
    {
        var declared = await DeclareAsync(configure: c => c.Severity = severity);
        await _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 0, IncidentState.Resolved);

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 1, IncidentState.Closed));
        Assert.Contains("close when their post-mortem is published", ex.Message);
        var incident = await LoadAsync(declared.Id);
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Null(incident.ClosedAt);
    }

    [Fact]
    public async Task Closing_sets_ClosedAt()
    {
        var declared = await DeclareAsync(configure: c => c.Severity = Severity.Sev3);
        await _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 0, IncidentState.Resolved);
        _app.Clock.Advance(TimeSpan.FromDays(2));
        await _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 1, IncidentState.Closed);

        var incident = await LoadAsync(declared.Id);
        Assert.Equal(IncidentState.Closed, incident.State);
        Assert.Equal(_app.Clock.UtcNow, incident.ClosedAt);
        Assert.Equal(_app.Clock.UtcNow.AddDays(-2), incident.ResolvedAt);
        Assert.False(incident.IsOpen);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Reopening_needs_a_reason(string? reason)
    {
        var declared = await DeclareAsync();
        await _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 0, IncidentState.Resolved);

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 1, IncidentState.Investigating, reason));
        Assert.Equal("Say why the incident is reopened.", ex.Message);
        var incident = await LoadAsync(declared.Id);
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal(1, incident.Version);
    }

    [Theory]
    [InlineData(IncidentState.Resolved)]
    [InlineData(IncidentState.Closed)]
    public async Task Reopening_clears_ResolvedAt_and_records_the_reason(IncidentState from)
    {
        var declared = await DeclareAsync(configure: c => c.Severity = Severity.Sev3);
        await _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 0, IncidentState.Resolved);
        var version = 1;
        if (from == IncidentState.Closed)
        {
            await _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, version++, IncidentState.Closed);
        }
        _app.Clock.Advance(TimeSpan.FromHours(1));

        await _app.Incidents.ChangeStateAsync(_bob.Principal, declared.Id, version, IncidentState.Investigating, "  Errors are back  ");

        var incident = await LoadAsync(declared.Id);
        Assert.Equal(IncidentState.Investigating, incident.State);
        Assert.True(incident.IsOpen);
        Assert.Null(incident.ResolvedAt);
        Assert.Null(incident.ClosedAt);
        var reopen = incident.StateChanges.OrderBy(s => s.Id).Last();
        Assert.Equal((from, IncidentState.Investigating, "Errors are back", _bob.Id, _app.Clock.UtcNow),
            (reopen.From!.Value, reopen.To, reopen.Reason!, reopen.ByUserId, reopen.At));
        var entry = (await TimelineAsync(declared.Id)).Last();
        Assert.StartsWith("Reopened", entry.Text);
        Assert.Contains("Errors are back", entry.Text);
        Assert.True(entry.IsKeyEvent);
    }

    [Fact]
    public async Task Moving_back_from_monitoring_to_investigating_is_allowed_without_a_reason()
    {
        var declared = await DeclareAsync();
        await _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 0, IncidentState.Monitoring);
        await _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 1, IncidentState.Investigating);
        Assert.Equal(IncidentState.Investigating, (await LoadAsync(declared.Id)).State);
    }

    [Theory]
    [InlineData(IncidentState.Closed)]
    [InlineData(IncidentState.Investigating)]
    [InlineData((IncidentState)42)]
    public async Task Invalid_transitions_are_refused_and_nothing_is_written(IncidentState to)
    {
        var declared = await DeclareAsync();
        var before = await _app.SnapshotAsync();

        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 0, to, "reason"));

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_and_nothing_is_written()
    {
        var declared = await DeclareAsync();
        await _app.Incidents.ChangeStateAsync(_bob.Principal, declared.Id, 0, IncidentState.Identified);
        var before = await _app.SnapshotAsync();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 0, IncidentState.Resolved));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            _app.Incidents.ChangeSeverityAsync(_alice.Principal, declared.Id, 0, Severity.Sev1));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, 0, IncidentRole.Scribe, _bob.Id));

        Assert.Equal(before, await _app.SnapshotAsync());
        Assert.Equal(IncidentState.Identified, (await LoadAsync(declared.Id)).State);
    }

    [Fact]
    public async Task Changing_an_unknown_incident_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => _app.Incidents.ChangeStateAsync(_alice.Principal, 999, 0, IncidentState.Identified));
    }

    [Fact]
    public async Task A_reason_longer_than_1000_characters_is_refused()
    {
        var declared = await DeclareAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 0, IncidentState.Identified, new string('x', 1001)));
        await _app.Incidents.ChangeStateAsync(_alice.Principal, declared.Id, 0, IncidentState.Identified, new string('x', 1000));
    }

    // ---- Severity ----

    [Fact]
    public async Task Severity_changes_are_recorded()
    {
        var declared = await DeclareAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(5));

        await _app.Incidents.ChangeSeverityAsync(_bob.Principal, declared.Id, 0, Severity.Sev1, "All regions down");

        var incident = await LoadAsync(declared.Id);
        Assert.Equal(Severity.Sev1, incident.Severity);
        Assert.Equal(1, incident.Version);
        var change = incident.SeverityChanges.OrderBy(s => s.Id).Last();
        Assert.Equal((Severity.Sev2, Severity.Sev1, _app.Clock.UtcNow, _bob.Id, "All regions down"),
            (change.From!.Value, change.To, change.At, change.ByUserId, change.Reason!));
        var entry = (await TimelineAsync(declared.Id)).Last();
        Assert.Equal("Severity changed from SEV2 to SEV1 by Bob Responder. Reason: All regions down", entry.Text);
        Assert.True(entry.IsKeyEvent);
    }

    [Theory]
    [InlineData(Severity.Sev2)]
    [InlineData((Severity)9)]
    public async Task Severity_change_to_the_same_or_an_undefined_level_is_refused(Severity to)
    {
        var declared = await DeclareAsync();
        var before = await _app.SnapshotAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Incidents.ChangeSeverityAsync(_alice.Principal, declared.Id, 0, to));
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    // ---- Details ----

    [Fact]
    public async Task Details_update_changes_title_and_services_and_says_what_changed()
    {
        var declared = await DeclareAsync(configure: c => c.NewServiceNames = ["Payments"]);

        await _app.Incidents.UpdateDetailsAsync(_alice.Principal, declared.Id, 0,
            new UpdateIncidentDetails { Title = "Checkout errors in EU", NewServiceNames = ["Search"] });

        var incident = await LoadAsync(declared.Id);
        Assert.Equal("Checkout errors in EU", incident.Title);
        Assert.Equal(["Search"], incident.Services.Select(s => s.Service!.Name));
        var entry = (await TimelineAsync(declared.Id)).Last();
        Assert.Contains("title to \"Checkout errors in EU\"", entry.Text);
        Assert.Contains("affected services to Search", entry.Text);
    }

    [Fact]
    public async Task Details_update_without_a_change_is_refused()
    {
        var declared = await DeclareAsync();
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Incidents.UpdateDetailsAsync(_alice.Principal, declared.Id, 0,
            new UpdateIncidentDetails { Title = "Checkout errors" }));
        Assert.Equal("Nothing changed.", ex.Message);
    }

    [Fact]
    public async Task Details_update_validates_the_title()
    {
        var declared = await DeclareAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Incidents.UpdateDetailsAsync(_alice.Principal, declared.Id, 0,
            new UpdateIncidentDetails { Title = new string('t', 201) }));
        Assert.Equal("Checkout errors", (await LoadAsync(declared.Id)).Title);
    }

    // ---- Roles ----

    [Fact]
    public async Task Handing_over_command_replaces_the_commander_and_is_a_key_timeline_event()
    {
        var declared = await DeclareAsync();

        await _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, 0, IncidentRole.Commander, _bob.Id);

        var incident = await LoadAsync(declared.Id);
        Assert.Equal(_bob.Id, incident.CommanderId);
        Assert.Equal("Bob Responder", incident.CommanderName);
        var commander = Assert.Single(incident.Roles, r => r.Role == IncidentRole.Commander);
        Assert.Equal(_bob.Id, commander.UserId);
        var entry = (await TimelineAsync(declared.Id)).Last();
        Assert.Equal("Command handed over from Alice Responder to Bob Responder (by Alice Responder).", entry.Text);
        Assert.True(entry.IsKeyEvent);
        Assert.Equal(TimelineEntryKind.System, entry.Kind);
    }

    [Fact]
    public async Task A_viewer_cannot_be_given_an_incident_role()
    {
        var declared = await DeclareAsync();
        var before = await _app.SnapshotAsync();

        foreach (var role in Enum.GetValues<IncidentRole>())
        {
            var ex = await Assert.ThrowsAsync<ValidationFailedException>(() =>
                _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, 0, role, _vera.Id));
            Assert.Contains("Viewer", ex.Message);
        }
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task A_disabled_or_unknown_person_cannot_be_given_a_role()
    {
        var admin = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        var declared = await DeclareAsync();
        await _app.UserAdmin.SetDisabledAsync(admin.Principal, _bob.Id, true);

        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, 0, IncidentRole.Scribe, _bob.Id));
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, 0, IncidentRole.Scribe, "no-such-user"));
        Assert.Single((await LoadAsync(declared.Id)).Roles);
    }

    [Fact]
    public async Task Someone_whose_temporary_lockout_has_ended_is_assignable_again()
    {
        // Five wrong passwords lock an account for a few minutes; Identity leaves LockoutEnd set afterwards.
        await _app.QueryAsync(async db =>
        {
            var bob = await db.Users.FindAsync(_bob.Id);
            bob!.LockoutEnd = _app.Clock.GetUtcNow().AddMinutes(-1);
            return await db.SaveChangesAsync();
        });
        var declared = await DeclareAsync();

        var people = await _app.Queries.AssignablePeopleAsync(_alice.Principal);
        Assert.Equal(["Alice Responder", "Bob Responder"], people.Select(p => p.DisplayName));
        await _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, 0, IncidentRole.Scribe, _bob.Id);
    }

    [Fact]
    public async Task Assignable_people_are_active_responders_and_admins()
    {
        var admin = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        var dora = await _app.CreateUserAsync("Dora Disabled", AppRoles.Responder);
        await _app.UserAdmin.SetDisabledAsync(admin.Principal, dora.Id, true);

        var people = await _app.Queries.AssignablePeopleAsync(_vera.Principal);

        Assert.Equal(["Ada Admin", "Alice Responder", "Bob Responder"], people.Select(p => p.DisplayName));
    }

    [Fact]
    public async Task Single_holder_roles_are_replaced_and_responders_accumulate()
    {
        var carol = await _app.CreateUserAsync("Carol Responder", AppRoles.Responder);
        var declared = await DeclareAsync();

        await _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, 0, IncidentRole.Scribe, _bob.Id);
        await _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, 1, IncidentRole.Scribe, carol.Id);
        await _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, 2, IncidentRole.Responder, _bob.Id);
        await _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, 3, IncidentRole.Responder, carol.Id);

        var roles = (await LoadAsync(declared.Id)).Roles.Select(r => (r.Role, r.UserId)).Order().ToList();
        Assert.Equal(
            new[] { (IncidentRole.Commander, _alice.Id), (IncidentRole.Scribe, carol.Id), (IncidentRole.Responder, _bob.Id), (IncidentRole.Responder, carol.Id) }.Order(),
            roles);
        var texts = (await TimelineAsync(declared.Id)).Select(t => t.Text).ToList();
        Assert.Contains("Carol Responder replaces Bob Responder as Scribe (by Alice Responder).", texts);
    }

    [Fact]
    public async Task Giving_someone_a_role_they_hold_is_refused()
    {
        var declared = await DeclareAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, 0, IncidentRole.Commander, _alice.Id));
    }

    [Fact]
    public async Task Removing_a_role_deletes_the_assignment_and_says_so()
    {
        var declared = await DeclareAsync();
        await _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, 0, IncidentRole.Scribe, _bob.Id);
        var scribe = (await LoadAsync(declared.Id)).Roles.Single(r => r.Role == IncidentRole.Scribe);

        await _app.Incidents.RemoveRoleAsync(_alice.Principal, declared.Id, 1, scribe.Id);

        var incident = await LoadAsync(declared.Id);
        Assert.DoesNotContain(incident.Roles, r => r.Role == IncidentRole.Scribe);
        Assert.Equal(2, incident.Version);
        Assert.Equal("Bob Responder is no longer Scribe (by Alice Responder).", (await TimelineAsync(declared.Id)).Last().Text);
    }

    [Fact]
    public async Task The_commander_role_cannot_be_removed_and_unknown_assignments_are_refused()
    {
        var declared = await DeclareAsync();
        var commander = Assert.Single((await LoadAsync(declared.Id)).Roles);

        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Incidents.RemoveRoleAsync(_alice.Principal, declared.Id, 0, commander.Id));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Incidents.RemoveRoleAsync(_alice.Principal, declared.Id, 0, 12345));
        Assert.Single((await LoadAsync(declared.Id)).Roles);
    }

    // ---- Every change is on the timeline ----

    public static TheoryData<string> Changes() =>
        ["ChangeState", "ChangeSeverity", "UpdateDetails", "AssignRole", "HandOverCommand", "RemoveRole"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Every_change_writes_one_system_timeline_entry_by_the_actor_and_bumps_the_version(string change)
    {
        var declared = await DeclareAsync();
        var version = 0;
        if (change == "RemoveRole")
        {
            await _app.Incidents.AssignRoleAsync(_alice.Principal, declared.Id, version++, IncidentRole.Scribe, _bob.Id);
        }
        var entriesBefore = (await TimelineAsync(declared.Id)).Count;
        _app.Clock.Advance(TimeSpan.FromMinutes(7));

        var incidents = _app.Incidents;
        var by = _bob.Principal;
        await (change switch
        {
            "ChangeState" => incidents.ChangeStateAsync(by, declared.Id, version, IncidentState.Identified),
            "ChangeSeverity" => incidents.ChangeSeverityAsync(by, declared.Id, version, Severity.Sev3),
            "UpdateDetails" => incidents.UpdateDetailsAsync(by, declared.Id, version, new UpdateIncidentDetails { Title = "New title" }),
            "AssignRole" => incidents.AssignRoleAsync(by, declared.Id, version, IncidentRole.TechnicalLead, _bob.Id),
            "HandOverCommand" => incidents.AssignRoleAsync(by, declared.Id, version, IncidentRole.Commander, _bob.Id),
            "RemoveRole" => incidents.RemoveRoleAsync(by, declared.Id, version,
                (await LoadAsync(declared.Id)).Roles.Single(r => r.Role == IncidentRole.Scribe).Id),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        });

        var timeline = await TimelineAsync(declared.Id);
        Assert.Equal(entriesBefore + 1, timeline.Count);
        var entry = timeline.Last();
        Assert.Equal(TimelineEntryKind.System, entry.Kind);
        Assert.Equal(_bob.Id, entry.AuthorId);
        Assert.Equal("Bob Responder", entry.AuthorName);
        Assert.Equal(_app.Clock.UtcNow, entry.OccurredAt);
        Assert.Contains("Bob Responder", entry.Text);
        Assert.Equal(version + 1, (await LoadAsync(declared.Id)).Version);
    }
}
