using System.Security.Claims;
using IncidentCenter.Incidents;
using IncidentCenter.Response;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Accounts;
using IncidentCenter.Tests.Support;

namespace IncidentCenter.Tests.Response;

/// <summary>
/// The callers of <see cref="AuthorizationScenario"/> against every response method that changes
/// something: acknowledging and escalating need a Responder, the policy and levels an Admin.
/// Refused calls write nothing; allowed ones write.
/// </summary>
public sealed class ResponseAuthorizationScenario
{
    public AuthorizationScenario Base { get; private set; } = null!;
    public int AwaitingIncidentId { get; private set; }

    public static async Task<ResponseAuthorizationScenario> CreateAsync(TestApp app)
    {
        var s = new ResponseAuthorizationScenario { Base = await AuthorizationScenario.CreateAsync(app) };
        s.AwaitingIncidentId = (await app.DeclareAwaitingAckAsync(s.Base.Responder, Severity.Sev2)).Id;
        return s;
    }

    private static SeverityPolicyValues Values() => new()
    {
        AcknowledgeMinutes = 10, TriageMinutes = 20, ResolveMinutes = 300, UpdateEveryMinutes = 20, PostmortemRequired = true, EscalateLevel2Minutes = 45,
    };

    public static readonly IReadOnlyDictionary<string, Func<ResponseAuthorizationScenario, ClaimsPrincipal, Task>> Actions =
        new Dictionary<string, Func<ResponseAuthorizationScenario, ClaimsPrincipal, Task>>
        {
            ["ResponseService.AcknowledgeAsync"] = (s, u) => s.Base.App.Response().AcknowledgeAsync(u, s.AwaitingIncidentId),
            ["ResponseService.EscalateAsync"] = (s, u) => s.Base.App.Response().EscalateAsync(u, s.Base.IncidentId, 1, "Need the team lead"),
            ["SeverityPolicyService.UpdateAsync"] = (s, u) => s.Base.App.Policies().UpdateAsync(u, Severity.Sev2, 0, Values()),
            ["SeverityPolicyService.UpdateLevelAsync"] = (s, u) => s.Base.App.Policies().UpdateLevelAsync(u, 2, 0, "Payments lead", "#payments-oncall"),
        };

    public static bool IsAdminOnly(string action) => action.StartsWith("SeverityPolicyService.", StringComparison.Ordinal);
}

public sealed class ResponseAuthorizationFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;
    public ResponseAuthorizationScenario Scenario { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await TestApp.CreateAsync();
        Scenario = await ResponseAuthorizationScenario.CreateAsync(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class ResponseAuthorizationRefusalTests(ResponseAuthorizationFixture fixture) : IClassFixture<ResponseAuthorizationFixture>
{
    public static TheoryData<string, string> RefusedCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in ResponseAuthorizationScenario.Actions.Keys)
        {
            foreach (var caller in AuthorizationScenario.RefusedEverywhere)
            {
                data.Add(action, caller);
            }
            if (ResponseAuthorizationScenario.IsAdminOnly(action))
            {
                foreach (var caller in AuthorizationScenario.RefusedForAdminActions)
                {
                    data.Add(action, caller);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RefusedCalls))]
    public async Task Refused_and_nothing_written(string action, string caller)
    {
        var before = await fixture.App.SnapshotAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            ResponseAuthorizationScenario.Actions[action](fixture.Scenario, fixture.Scenario.Base.Callers[caller]));

        Assert.Equal(before, await fixture.App.SnapshotAsync());
    }

    [Fact]
    public async Task Anonymous_callers_cannot_read_either()
    {
        var anonymous = fixture.Scenario.Base.Callers["anonymous"];
        await Assert.ThrowsAsync<ForbiddenException>(() => fixture.App.Response().GetStatusAsync(anonymous, fixture.Scenario.Base.IncidentId));
        await Assert.ThrowsAsync<ForbiddenException>(() => fixture.App.Response().GetStatusesAsync(anonymous, [fixture.Scenario.Base.IncidentId]));
        await Assert.ThrowsAsync<ForbiddenException>(() => fixture.App.Policies().GetSettingsAsync(anonymous));
        await Assert.ThrowsAsync<ForbiddenException>(() => fixture.App.Policies().GetLevelsAsync(anonymous));
    }

    [Fact]
    public async Task Viewers_can_read_the_status()
    {
        var status = await fixture.App.Response().GetStatusAsync(fixture.Scenario.Base.Callers["viewer"], fixture.Scenario.AwaitingIncidentId);
        Assert.True(status.AwaitingAcknowledgement);
    }
}

public class ResponseAuthorizationAllowedTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private ResponseAuthorizationScenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _scenario = await ResponseAuthorizationScenario.CreateAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string> AllowedCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in ResponseAuthorizationScenario.Actions.Keys)
        {
            if (!ResponseAuthorizationScenario.IsAdminOnly(action))
            {
                data.Add(action, "responder");
                data.Add(action, "admin demoted to responder");
            }
            data.Add(action, "admin");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedCalls))]
    public async Task Allowed_and_written(string action, string caller)
    {
        var before = await _app.SnapshotAsync();

        await ResponseAuthorizationScenario.Actions[action](_scenario, _scenario.Base.Callers[caller]);

        Assert.NotEqual(before, await _app.SnapshotAsync());
    }
}
