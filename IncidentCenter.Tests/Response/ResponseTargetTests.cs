using IncidentCenter.Incidents;
using IncidentCenter.Response;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Response;

/// <summary>
/// Every target of every severity's default policy, driven with the fake clock: one second before its
/// due time and at it nothing is recorded; one second after, one breach row and one timeline entry,
/// and later evaluations add nothing more.
/// </summary>
public class ResponseTargetTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _rita = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _rita = await _app.ResponderAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<Severity, ResponseTarget> EveryTarget()
    {
        var data = new TheoryData<Severity, ResponseTarget>();
        foreach (var policy in SeverityPolicy.Defaults)
        {
            data.Add(policy.Severity, ResponseTarget.Acknowledge);
            if (policy.TriageWithin is not null)
            {
                data.Add(policy.Severity, ResponseTarget.Triage);
            }
            data.Add(policy.Severity, ResponseTarget.Resolve);
        }
        return data;
    }

    private static TimeSpan Within(Severity severity, ResponseTarget target)
    {
        var p = SeverityPolicy.Default(severity);
        return target switch
        {
            ResponseTarget.Acknowledge => p.AcknowledgeWithin,
            ResponseTarget.Triage => p.TriageWithin!.Value,
            _ => p.ResolveWithin,
        };
    }

    /// <summary>An incident whose earlier targets are met at once, so that <paramref name="target"/> is the current one.</summary>
    private async Task<Incident> IncidentWaitingOnAsync(Severity severity, ResponseTarget target)
    {
        if (target == ResponseTarget.Acknowledge)
        {
            return await _app.DeclareAwaitingAckAsync(_rita, severity);
        }
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Checkout errors", Severity = severity });
        if (target == ResponseTarget.Resolve && SeverityPolicy.Default(severity).TriageWithin is not null)
        {
            await _app.Incidents.ChangeStateAsync(_rita.Principal, incident.Id, 0, IncidentState.Identified);
        }
        return incident;
    }

    [Theory]
    [MemberData(nameof(EveryTarget))]
    public async Task A_target_is_recorded_once_just_after_it_passes(Severity severity, ResponseTarget target)
    {
        var incident = await IncidentWaitingOnAsync(severity, target);
        var due = incident.DetectedAt + Within(severity, target);

        var status = await _app.Response().GetStatusAsync(_rita.Principal, incident.Id);
        Assert.Equal(target, status.Current?.Target);
        Assert.Equal(due, status.Current?.DueAt);

        _app.SetClock(due.AddSeconds(-1));
        await _app.EvaluateNowAsync();
        Assert.DoesNotContain(await _app.BreachesAsync(incident.Id), b => b.Target == target);

        _app.SetClock(due);
        await _app.EvaluateNowAsync();
        Assert.DoesNotContain(await _app.BreachesAsync(incident.Id), b => b.Target == target);

        _app.SetClock(due.AddSeconds(1));
        var changed = await _app.EvaluateNowAsync();
        Assert.Contains(incident.Id, changed);
        var breach = Assert.Single(await _app.BreachesAsync(incident.Id), b => b.Target == target);
        Assert.Equal(due, breach.DueAt);
        Assert.Equal(severity, breach.Severity);
        Assert.Equal(due.AddSeconds(1), breach.RecordedAt);
        var marker = $"{SeverityCatalog.Name(severity)} {ResponseEvaluator.Name(target)} target missed";
        var entry = Assert.Single(await _app.SystemEntriesAsync(incident.Id, marker));
        Assert.True(entry.IsKeyEvent);
        Assert.Equal("IncidentCenter", entry.AuthorName);

        // Still missed later, still recorded once.
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await _app.EvaluateNowAsync();
        _app.Clock.Advance(TimeSpan.FromDays(30));
        await _app.EvaluateNowAsync();
        Assert.Single(await _app.BreachesAsync(incident.Id), b => b.Target == target);
        Assert.Single(await _app.SystemEntriesAsync(incident.Id, marker));

        status = await _app.Response().GetStatusAsync(_rita.Principal, incident.Id);
        Assert.Contains(target, status.RecordedBreaches);
    }

    [Theory]
    [MemberData(nameof(EveryTarget))]
    public async Task A_target_met_in_time_is_never_recorded(Severity severity, ResponseTarget target)
    {
        var incident = await IncidentWaitingOnAsync(severity, target);
        _app.Clock.Advance(Within(severity, target) - TimeSpan.FromSeconds(1));
        var version = target == ResponseTarget.Resolve && SeverityPolicy.Default(severity).TriageWithin is not null ? 1 : 0;
        switch (target)
        {
            case ResponseTarget.Acknowledge:
                await _app.Response().AcknowledgeAsync(_rita.Principal, incident.Id);
                break;
            case ResponseTarget.Triage:
                await _app.Incidents.ChangeStateAsync(_rita.Principal, incident.Id, version, IncidentState.Identified);
                break;
            default:
                await _app.Incidents.ChangeStateAsync(_rita.Principal, incident.Id, version, IncidentState.Resolved);
                break;
        }
        _app.Clock.Advance(TimeSpan.FromSeconds(2));
        await _app.EvaluateNowAsync();

        Assert.DoesNotContain(await _app.BreachesAsync(incident.Id), b => b.Target == target);
    }

    [Fact]
    public async Task The_current_target_moves_from_acknowledge_to_triage_to_resolve_and_stops_when_resolved()
    {
        var incident = await _app.DeclareAwaitingAckAsync(_rita, Severity.Sev2);
        async Task<ResponseTarget?> CurrentAsync() => (await _app.Response().GetStatusAsync(_rita.Principal, incident.Id)).Current?.Target;

        Assert.Equal(ResponseTarget.Acknowledge, await CurrentAsync());
        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        await _app.Response().AcknowledgeAsync(_rita.Principal, incident.Id);
        Assert.Equal(ResponseTarget.Triage, await CurrentAsync());
        var status = await _app.Response().GetStatusAsync(_rita.Principal, incident.Id);
        Assert.Equal(_app.Clock.UtcNow, status.AcknowledgedAt);
        Assert.Equal("Rita Responder", status.AcknowledgedByName);
        Assert.Single(await _app.SystemEntriesAsync(incident.Id, "Acknowledged by Rita Responder, 3m after detection."));

        await _app.Incidents.ChangeStateAsync(_rita.Principal, incident.Id, 0, IncidentState.Identified);
        Assert.Equal(ResponseTarget.Resolve, await CurrentAsync());
        // Going back to Investigating does not undo the triage: the cause was identified once.
        await _app.Incidents.ChangeStateAsync(_rita.Principal, incident.Id, 1, IncidentState.Investigating);
        Assert.Equal(ResponseTarget.Resolve, await CurrentAsync());
        await _app.Incidents.ChangeStateAsync(_rita.Principal, incident.Id, 2, IncidentState.Resolved);
        Assert.Null(await CurrentAsync());
    }

    [Fact]
    public async Task An_incident_a_person_declares_is_acknowledged_at_declaration_and_cannot_be_acknowledged_again()
    {
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Checkout errors", Severity = Severity.Sev1 });

        var status = await _app.Response().GetStatusAsync(_rita.Principal, incident.Id);
        Assert.Equal(incident.DeclaredAt, status.AcknowledgedAt);
        Assert.False(status.AwaitingAcknowledgement);
        Assert.Equal(ResponseTarget.Triage, status.Current?.Target);
        var error = await Assert.ThrowsAsync<IncidentCenter.Shared.ValidationFailedException>(() => _app.Response().AcknowledgeAsync(_rita.Principal, incident.Id));
        Assert.Contains("already acknowledged when it was declared", error.Message);
    }

    [Fact]
    public async Task Acknowledging_twice_is_refused_and_names_who_did()
    {
        var incident = await _app.DeclareAwaitingAckAsync(_rita, Severity.Sev3);
        await _app.Response().AcknowledgeAsync(_rita.Principal, incident.Id);

        var error = await Assert.ThrowsAsync<IncidentCenter.Shared.ValidationFailedException>(() => _app.Response().AcknowledgeAsync(_rita.Principal, incident.Id));
        Assert.Contains("already acknowledged by Rita Responder", error.Message);
        Assert.Single(await _app.SystemEntriesAsync(incident.Id, "Acknowledged by"));
    }

    [Fact]
    public async Task A_late_acknowledgement_is_recorded_as_a_missed_target_with_how_late()
    {
        var incident = await _app.DeclareAwaitingAckAsync(_rita, Severity.Sev1);
        _app.Clock.Advance(TimeSpan.FromMinutes(7));
        await _app.Response().AcknowledgeAsync(_rita.Principal, incident.Id);

        await _app.EvaluateNowAsync();

        Assert.Single(await _app.BreachesAsync(incident.Id), b => b.Target == ResponseTarget.Acknowledge);
        Assert.Single(await _app.SystemEntriesAsync(incident.Id, "SEV1 acknowledge target missed: acknowledged 7m after detection (target 5 minutes)."));
    }

    [Fact]
    public async Task A_backdated_declaration_starts_the_clock_at_detection()
    {
        var detected = _app.Clock.UtcNow.AddHours(-1);
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Found late", Severity = Severity.Sev1, DetectedAt = detected });

        var status = await _app.Response().GetStatusAsync(_rita.Principal, incident.Id);
        Assert.Equal(ResponseTarget.Triage, status.Current?.Target);
        Assert.Equal(detected.AddMinutes(15), status.Current?.DueAt);
        await _app.EvaluateNowAsync();

        // Acknowledged (at declaration) 60 minutes after detection, and the triage target has passed.
        Assert.Equal([ResponseTarget.Acknowledge, ResponseTarget.Triage], (await _app.BreachesAsync(incident.Id)).Select(b => b.Target).Order());
        // 60 minutes unresolved reaches level 3 straight away (one step, recorded once).
        Assert.Equal(3, Assert.Single(await _app.EscalationsAsync(incident.Id)).Level);
    }

    [Fact]
    public async Task Resolved_and_closed_incidents_are_not_held_to_targets()
    {
        var resolved = await _app.DeclareAwaitingAckAsync(_rita, Severity.Sev1, "Resolved quickly");
        await _app.Incidents.ChangeStateAsync(_rita.Principal, resolved.Id, 0, IncidentState.Resolved);
        var closed = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Closed", Severity = Severity.Sev3 });
        await _app.Incidents.ChangeStateAsync(_rita.Principal, closed.Id, 0, IncidentState.Resolved);
        await _app.Incidents.ChangeStateAsync(_rita.Principal, closed.Id, 1, IncidentState.Closed);

        _app.Clock.Advance(TimeSpan.FromDays(60));
        Assert.Empty(await _app.EvaluateNowAsync());

        Assert.Empty(await _app.BreachesAsync(resolved.Id));
        Assert.Empty(await _app.BreachesAsync(closed.Id));
        Assert.Empty(await _app.EscalationsAsync(resolved.Id));
        Assert.Null((await _app.Response().GetStatusAsync(_rita.Principal, resolved.Id)).Current);
    }

    /// <summary>
    /// A reopened incident is held to its original targets, counted from detection: acknowledgement and
    /// triage stay met, the resolve target is open again and, being past, is recorded (once).
    /// </summary>
    [Fact]
    public async Task A_reopened_incident_past_its_resolve_target_is_recorded_once()
    {
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Flapping", Severity = Severity.Sev2 });
        await _app.Incidents.ChangeStateAsync(_rita.Principal, incident.Id, 0, IncidentState.Identified);
        _app.Clock.Advance(TimeSpan.FromMinutes(50));
        await _app.Incidents.ChangeStateAsync(_rita.Principal, incident.Id, 1, IncidentState.Resolved);
        _app.Clock.Advance(TimeSpan.FromHours(9));
        await _app.EvaluateNowAsync();
        Assert.Empty(await _app.BreachesAsync(incident.Id));

        await _app.Incidents.ChangeStateAsync(_rita.Principal, incident.Id, 2, IncidentState.Investigating, "It came back");
        var status = await _app.Response().GetStatusAsync(_rita.Principal, incident.Id);
        Assert.Equal(ResponseTarget.Resolve, status.Current?.Target);
        await _app.EvaluateNowAsync();
        await _app.EvaluateNowAsync();

        Assert.Equal([ResponseTarget.Resolve], (await _app.BreachesAsync(incident.Id)).Select(b => b.Target));
        Assert.Single(await _app.SystemEntriesAsync(incident.Id, "SEV2 resolve target missed"));
    }

    [Fact]
    public async Task Targets_follow_the_policy_an_Admin_set()
    {
        var admin = await _app.CreateUserAsync("Ada Admin", IncidentCenter.Accounts.AppRoles.Admin);
        var sev3 = (await _app.Policies().GetSettingsAsync(admin.Principal)).Single(p => p.Severity == Severity.Sev3);
        var values = SeverityPolicyValues.From(sev3);
        values.TriageMinutes = 90;
        await _app.Policies().UpdateAsync(admin.Principal, Severity.Sev3, sev3.Version, values);

        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Slow reports", Severity = Severity.Sev3 });
        var status = await _app.Response().GetStatusAsync(_rita.Principal, incident.Id);
        Assert.Equal(incident.DetectedAt.AddMinutes(90), status.Current?.DueAt);

        _app.Clock.Advance(TimeSpan.FromMinutes(90) + TimeSpan.FromSeconds(1));
        await _app.EvaluateNowAsync();
        Assert.Single(await _app.BreachesAsync(incident.Id), b => b.Target == ResponseTarget.Triage);
    }

    [Fact]
    public async Task A_missed_target_tells_open_pages()
    {
        var incident = await _app.DeclareAwaitingAckAsync(_rita, Severity.Sev1);
        var heard = new List<IncidentChanged>();
        using var subscription = _app.Services.GetRequiredService<IncidentNotifier>().Subscribe(incident.Id, c => { heard.Add(c); return Task.CompletedTask; });

        _app.Clock.Advance(TimeSpan.FromMinutes(6));
        await _app.EvaluateNowAsync();
        await _app.EvaluateNowAsync();

        Assert.Single(heard);
    }
}
