using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Response;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Response;

public class SeverityPolicyTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _admin = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static SeverityPolicyValues Valid() => new()
    {
        AcknowledgeMinutes = 5, TriageMinutes = 15, ResolveMinutes = 240, UpdateEveryMinutes = 15, PostmortemRequired = true,
        EscalateLevel2Minutes = 30, EscalateLevel3Minutes = 60, EscalateLevel4Minutes = 120,
    };

    [Fact]
    public async Task A_migrated_database_holds_the_default_policy_and_levels()
    {
        Assert.Equal(SeverityPolicy.Defaults, await _app.Policies().GetAllAsync());
        foreach (var severity in Enum.GetValues<Severity>())
        {
            Assert.Equal(SeverityPolicy.Default(severity), await _app.Policies().GetAsync(severity));
        }
        var settings = await _app.Policies().GetSettingsAsync(_admin.Principal);
        Assert.All(settings, s => Assert.Equal(EscalationDefaults.Thresholds[s.Severity], s.EscalationMinutes()));
        var levels = await _app.Policies().GetLevelsAsync(_admin.Principal);
        Assert.Equal(EscalationDefaults.LevelNames.Select(l => (l.Level, l.Name, l.Contact)), levels.Select(l => (l.Level, l.Name, l.Contact)));
    }

    [Fact]
    public async Task An_Admin_changes_a_severity_and_every_reader_sees_it()
    {
        var values = Valid();
        values.AcknowledgeMinutes = 2;
        values.TriageMinutes = null;
        values.PostmortemRequired = false;
        var saved = await _app.Policies().UpdateAsync(_admin.Principal, Severity.Sev1, 0, values);

        Assert.Equal(1, saved.Version);
        Assert.Equal("Ada Admin", saved.UpdatedByName);
        var policy = await _app.Policies().GetAsync(Severity.Sev1);
        Assert.Equal(TimeSpan.FromMinutes(2), policy.AcknowledgeWithin);
        Assert.Null(policy.TriageWithin);
        Assert.False(policy.PostmortemRequired);
        Assert.Equal(SeverityPolicy.Default(Severity.Sev2), await _app.Policies().GetAsync(Severity.Sev2));
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_the_newer_policy_stays()
    {
        var first = Valid();
        first.AcknowledgeMinutes = 3;
        await _app.Policies().UpdateAsync(_admin.Principal, Severity.Sev1, 0, first);

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _app.Policies().UpdateAsync(_admin.Principal, Severity.Sev1, 0, Valid()));
        Assert.Contains("changed by Ada Admin", error.Message);
        Assert.Equal(TimeSpan.FromMinutes(3), (await _app.Policies().GetAsync(Severity.Sev1)).AcknowledgeWithin);
    }

    public static TheoryData<string, Action<SeverityPolicyValues>> Invalid() => new()
    {
        { "Time to acknowledge must be between 1 minute and 90 days.", v => v.AcknowledgeMinutes = 0 },
        { "Time to acknowledge must be between 1 minute and 90 days.", v => v.AcknowledgeMinutes = -5 },
        { "Time to triage must be between 1 minute and 90 days.", v => v.TriageMinutes = 0 },
        { "Time to resolve must be between 1 minute and 90 days.", v => v.ResolveMinutes = 90 * 24 * 60 + 1 },
        { "Status update cadence must be between 1 minute and 7 days.", v => v.UpdateEveryMinutes = 0 },
        { "Status update cadence must be between 1 minute and 7 days.", v => v.UpdateEveryMinutes = 7 * 24 * 60 + 1 },
        { "Escalation to level 2 must be between 1 minute and 90 days.", v => v.EscalateLevel2Minutes = 0 },
        { "Time to triage cannot be longer than time to resolve.", v => { v.TriageMinutes = 300; v.ResolveMinutes = 240; } },
        { "Time to triage cannot be shorter than time to acknowledge", v => { v.AcknowledgeMinutes = 20; v.TriageMinutes = 15; } },
        { "Time to acknowledge cannot be longer than time to resolve.", v => { v.TriageMinutes = null; v.AcknowledgeMinutes = 300; } },
        { "Escalation to level 3 must come later than the level before it (30 minutes).", v => v.EscalateLevel3Minutes = 30 },
        { "Escalation to level 4 must come later than the level before it (30 minutes).", v => { v.EscalateLevel3Minutes = null; v.EscalateLevel4Minutes = 20; } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_values_are_refused_with_a_message_naming_the_field(string message, Action<SeverityPolicyValues> spoil)
    {
        var values = Valid();
        spoil(values);
        var before = await _app.SnapshotAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Policies().UpdateAsync(_admin.Principal, Severity.Sev1, 0, values));

        Assert.Contains(error.Errors, e => e.StartsWith(message, StringComparison.Ordinal));
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public void The_limits_themselves_are_valid()
    {
        Assert.Empty(SeverityPolicyService.Validate(Valid()));
        Assert.Empty(SeverityPolicyService.Validate(new SeverityPolicyValues { AcknowledgeMinutes = 1, TriageMinutes = 1, ResolveMinutes = 1, UpdateEveryMinutes = 1 }));
        Assert.Empty(SeverityPolicyService.Validate(new SeverityPolicyValues
        {
            AcknowledgeMinutes = SeverityPolicyService.MaxTargetMinutes, ResolveMinutes = SeverityPolicyService.MaxTargetMinutes,
            UpdateEveryMinutes = SeverityPolicyService.MaxUpdateEveryMinutes, EscalateLevel4Minutes = SeverityPolicyService.MaxTargetMinutes,
        }));
    }

    [Fact]
    public async Task Level_names_are_required_and_bounded()
    {
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Policies().UpdateLevelAsync(_admin.Principal, 2, 0, "  ", "x"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Policies().UpdateLevelAsync(_admin.Principal, 2, 0, new string('n', 101), "x"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Policies().UpdateLevelAsync(_admin.Principal, 2, 0, "Lead", new string('c', 301)));
        await Assert.ThrowsAsync<NotFoundException>(() => _app.Policies().UpdateLevelAsync(_admin.Principal, 9, 0, "Lead", ""));
        await _app.Policies().UpdateLevelAsync(_admin.Principal, 2, 0, "Lead", "");
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _app.Policies().UpdateLevelAsync(_admin.Principal, 2, 0, "Other", ""));
    }

    /// <summary>Closing by hand follows the policy's post-mortem requirement, not a fixed list of severities.</summary>
    [Fact]
    public async Task Closing_by_hand_follows_the_post_mortem_requirement_of_the_policy()
    {
        var rita = await _app.ResponderAsync();
        async Task<Incident> ResolvedAsync(Severity severity)
        {
            var i = await _app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = $"{severity} case", Severity = severity });
            await _app.Incidents.ChangeStateAsync(rita.Principal, i.Id, 0, IncidentState.Resolved);
            return i;
        }

        // Defaults: SEV1 and SEV2 need one, SEV3 and SEV4 do not.
        Assert.True(await _app.Incidents.RequiresPostmortemAsync(Severity.Sev1));
        Assert.True(await _app.Incidents.RequiresPostmortemAsync(Severity.Sev2));
        Assert.False(await _app.Incidents.RequiresPostmortemAsync(Severity.Sev3));
        Assert.False(await _app.Incidents.RequiresPostmortemAsync(Severity.Sev4));
        var sev1 = await ResolvedAsync(Severity.Sev1);
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Incidents.ChangeStateAsync(rita.Principal, sev1.Id, 1, IncidentState.Closed));

        var sev3Values = SeverityPolicyValues.From((await _app.Policies().GetSettingsAsync(_admin.Principal)).Single(s => s.Severity == Severity.Sev3));
        sev3Values.PostmortemRequired = true;
        await _app.Policies().UpdateAsync(_admin.Principal, Severity.Sev3, 0, sev3Values);
        var sev1Values = SeverityPolicyValues.From((await _app.Policies().GetSettingsAsync(_admin.Principal)).Single(s => s.Severity == Severity.Sev1));
        sev1Values.PostmortemRequired = false;
        await _app.Policies().UpdateAsync(_admin.Principal, Severity.Sev1, 0, sev1Values);

        var sev3 = await ResolvedAsync(Severity.Sev3);
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Incidents.ChangeStateAsync(rita.Principal, sev3.Id, 1, IncidentState.Closed));
        Assert.Contains("close when their post-mortem is published", error.Message);
        await _app.Incidents.ChangeStateAsync(rita.Principal, sev1.Id, 1, IncidentState.Closed);

        // The post-mortems-due list follows the same policy.
        var due = await _app.Services.GetRequiredService<IncidentCenter.Postmortems.PostmortemService>().DueAsync(rita.Principal);
        Assert.Equal([sev3.Id], due.Select(d => d.IncidentId));
    }
}
