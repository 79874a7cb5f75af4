using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Response;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;

namespace IncidentCenter.Tests.Response;

/// <summary>
/// Every escalation threshold of the default policy: an open incident reaches level N once it has been
/// unresolved for the threshold (counted from detection), not a second earlier, and each level is
/// recorded once. By hand, Escalate moves one level up with a reason.
/// </summary>
public class EscalationTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _rita = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _rita = await _app.ResponderAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<Severity, int, int> EveryThreshold()
    {
        var data = new TheoryData<Severity, int, int>();
        foreach (var (severity, minutes) in EscalationDefaults.Thresholds)
        {
            for (var i = 0; i < minutes.Length; i++)
            {
                if (minutes[i] is { } m)
                {
                    data.Add(severity, i + 2, m);
                }
            }
        }
        return data;
    }

    [Fact]
    public void The_defaults_follow_the_guides_escalation_path()
    {
        Assert.Equal([30, 60, 120], EscalationDefaults.Thresholds[Severity.Sev1]);
        Assert.All(EscalationDefaults.Thresholds[Severity.Sev4], m => Assert.Null(m));
        Assert.Equal(6, EveryThreshold().Count);
    }

    [Theory]
    [MemberData(nameof(EveryThreshold))]
    public async Task An_unresolved_incident_reaches_each_level_at_its_threshold_once(Severity severity, int level, int minutes)
    {
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Checkout errors", Severity = severity });
        var at = incident.DetectedAt.AddMinutes(minutes);
        // The levels below are reached at their own thresholds first.
        foreach (var earlier in EscalationDefaults.Thresholds[severity].Take(level - 2).OfType<int>())
        {
            _app.SetClock(incident.DetectedAt.AddMinutes(earlier));
            await _app.EvaluateNowAsync();
        }

        _app.SetClock(at.AddSeconds(-1));
        await _app.EvaluateNowAsync();
        var before = await _app.Response().GetStatusAsync(_rita.Principal, incident.Id);
        Assert.Equal(level - 1, before.Level.Level);
        Assert.Equal(level, before.NextLevel?.Level);
        Assert.Equal(at, before.NextLevelAt);

        _app.SetClock(at);
        var changed = await _app.EvaluateNowAsync();
        Assert.Contains(incident.Id, changed);
        var reached = Assert.Single(await _app.EscalationsAsync(incident.Id), e => e.Level == level);
        Assert.True(reached.Automatic);
        Assert.Equal(at, reached.At);
        var name = EscalationDefaults.LevelNames[level - 1].Name;
        Assert.Single(await _app.SystemEntriesAsync(incident.Id, $"Escalated to level {level}, {name}"));

        _app.SetClock(at.AddSeconds(1));
        await _app.EvaluateNowAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await _app.EvaluateNowAsync();
        Assert.Single(await _app.EscalationsAsync(incident.Id), e => e.Level == level);
        Assert.Single(await _app.SystemEntriesAsync(incident.Id, $"Escalated to level {level},"));
        Assert.True((await _app.Response().GetStatusAsync(_rita.Principal, incident.Id)).Level.Level >= level);
    }

    [Theory]
    [MemberData(nameof(EveryThreshold))]
    public async Task A_resolved_incident_is_not_escalated(Severity severity, int level, int minutes)
    {
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Fixed fast", Severity = severity });
        _app.Clock.Advance(TimeSpan.FromMinutes(minutes) - TimeSpan.FromSeconds(1));
        await _app.Incidents.ChangeStateAsync(_rita.Principal, incident.Id, 0, IncidentState.Resolved);
        _app.Clock.Advance(TimeSpan.FromDays(1));
        await _app.EvaluateNowAsync();

        Assert.DoesNotContain(await _app.EscalationsAsync(incident.Id), e => e.Level == level);
    }

    [Fact]
    public async Task SEV4_is_never_escalated_by_threshold()
    {
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Typo", Severity = Severity.Sev4 });
        _app.Clock.Advance(TimeSpan.FromDays(30));
        await _app.EvaluateNowAsync();

        Assert.Empty(await _app.EscalationsAsync(incident.Id));
        var status = await _app.Response().GetStatusAsync(_rita.Principal, incident.Id);
        Assert.Equal(1, status.Level.Level);
        Assert.Null(status.NextLevel);
    }

    [Fact]
    public async Task Escalating_by_hand_moves_one_level_with_the_reason_and_the_threshold_does_not_repeat_it()
    {
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Checkout errors", Severity = Severity.Sev1 });
        _app.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(2, await _app.Response().EscalateAsync(_rita.Principal, incident.Id, 1, "  Need the payments lead  "));

        var manual = Assert.Single(await _app.EscalationsAsync(incident.Id));
        Assert.False(manual.Automatic);
        Assert.Equal("Need the payments lead", manual.Reason);
        Assert.Equal("Rita Responder", manual.ByName);
        Assert.Single(await _app.SystemEntriesAsync(incident.Id, "Escalated to level 2, Team lead or senior engineer (Lead of the team that owns the affected service) by Rita Responder. Reason: Need the payments lead"));

        // Level 2 is already reached: its threshold adds nothing; level 3's still does.
        _app.Clock.Advance(TimeSpan.FromMinutes(25));
        await _app.EvaluateNowAsync();
        Assert.Equal([2], (await _app.EscalationsAsync(incident.Id)).Select(e => e.Level));
        _app.Clock.Advance(TimeSpan.FromMinutes(30));
        await _app.EvaluateNowAsync();
        Assert.Equal([2, 3], (await _app.EscalationsAsync(incident.Id)).Select(e => e.Level));
    }

    [Fact]
    public async Task Escalating_from_a_level_that_is_no_longer_current_is_refused()
    {
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Checkout errors", Severity = Severity.Sev2 });
        await _app.Response().EscalateAsync(_rita.Principal, incident.Id, 1, "First");

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _app.Response().EscalateAsync(_rita.Principal, incident.Id, 1, "Second"));
        Assert.Contains("already at level 2", error.Message);
        Assert.Single(await _app.EscalationsAsync(incident.Id));
    }

    [Fact]
    public async Task Escalating_needs_a_reason_an_open_incident_and_a_level_above()
    {
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Checkout errors", Severity = Severity.Sev2 });
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Response().EscalateAsync(_rita.Principal, incident.Id, 1, "   "));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Response().EscalateAsync(_rita.Principal, incident.Id, 1, new string('x', 1001)));

        await _app.Response().EscalateAsync(_rita.Principal, incident.Id, 1, "a");
        await _app.Response().EscalateAsync(_rita.Principal, incident.Id, 2, "b");
        await _app.Response().EscalateAsync(_rita.Principal, incident.Id, 3, "c");
        var top = await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Response().EscalateAsync(_rita.Principal, incident.Id, 4, "d"));
        Assert.Contains("top level", top.Message);

        await _app.Incidents.ChangeStateAsync(_rita.Principal, incident.Id, 0, IncidentState.Resolved);
        var other = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Other", Severity = Severity.Sev2 });
        await _app.Incidents.ChangeStateAsync(_rita.Principal, other.Id, 0, IncidentState.Resolved);
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Response().EscalateAsync(_rita.Principal, other.Id, 1, "Too late"));
        await Assert.ThrowsAsync<NotFoundException>(() => _app.Response().EscalateAsync(_rita.Principal, 999, 1, "Nope"));
    }

    [Fact]
    public async Task The_status_names_the_level_and_its_contact_as_an_Admin_set_them()
    {
        var admin = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        var level2 = (await _app.Policies().GetLevelsAsync(admin.Principal)).Single(l => l.Level == 2);
        await _app.Policies().UpdateLevelAsync(admin.Principal, 2, level2.Version, " Payments lead ", " +1 555 0100 ");
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Checkout errors", Severity = Severity.Sev1 });
        await _app.Response().EscalateAsync(_rita.Principal, incident.Id, 1, "Need help");

        var status = await _app.Response().GetStatusAsync(_rita.Principal, incident.Id);
        Assert.Equal(new LevelInfo(2, "Payments lead", "+1 555 0100"), status.Level);
        Assert.Equal(3, status.NextLevel?.Level);
        Assert.Equal(incident.DetectedAt.AddMinutes(60), status.NextLevelAt);
    }
}
