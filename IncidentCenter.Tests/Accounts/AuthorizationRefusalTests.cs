using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;

namespace IncidentCenter.Tests.Accounts;

public sealed class AuthorizationFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;
    public AuthorizationScenario Scenario { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await TestApp.CreateAsync();
        Scenario = await AuthorizationScenario.CreateAsync(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// The services are the security boundary (pages only hide buttons): every mutating method
/// must refuse anyone who is not, according to the database right now, allowed to call it.
/// A refused call writes nothing, which is also why the cases can share one database.
/// </summary>
public class AuthorizationRefusalTests(AuthorizationFixture fixture) : IClassFixture<AuthorizationFixture>
{
    private readonly TestApp _app = fixture.App;
    private readonly AuthorizationScenario _scenario = fixture.Scenario;

    public static TheoryData<string, string> RefusedCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in AuthorizationScenario.Actions.Keys)
        {
            foreach (var caller in AuthorizationScenario.RefusedEverywhere)
            {
                data.Add(action, caller);
            }
            if (AuthorizationScenario.IsAdminOnly(action))
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
        var before = await _app.SnapshotAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => AuthorizationScenario.Actions[action](_scenario, _scenario.Callers[caller]));

        Assert.Equal(before, await _app.SnapshotAsync());
    }
}
