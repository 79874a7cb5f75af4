using System.Security.Claims;
using IncidentCenter.Shared;
using IncidentCenter.StatusPage;
using IncidentCenter.Tests.Accounts;
using IncidentCenter.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>
/// The callers of <see cref="AuthorizationScenario"/> against every status page method that changes
/// something: refused ones write nothing, allowed ones write.
/// </summary>
public sealed class StatusPageAuthorizationScenario
{
    public AuthorizationScenario Base { get; private set; } = null!;
    public int ServiceId { get; private set; }
    public int UpdateId { get; private set; }

    private TestApp App => Base.App;
    public StatusPageService Status => App.Services.GetRequiredService<StatusPageService>();
    public StatusTemplateService Templates => App.Services.GetRequiredService<StatusTemplateService>();

    public static async Task<StatusPageAuthorizationScenario> CreateAsync(TestApp app)
    {
        var s = new StatusPageAuthorizationScenario { Base = await AuthorizationScenario.CreateAsync(app) };
        s.ServiceId = (await app.Catalog.AddAsync(s.Base.Responder.Principal, "Login", null)).Id;
        s.UpdateId = await s.Status.PublishAsync(s.Base.Responder.Principal, s.Base.IncidentId, new PublishStatusUpdate
        {
            Stage = StatusStage.Investigating,
            Title = "Sign-in problems",
            Body = "We are looking into sign-in failures.",
            Impact = StatusImpact.Major,
            NextUpdateBy = app.Clock.UtcNow.AddMinutes(15),
        });
        return s;
    }

    private static PublishStatusUpdate Next(TestApp app) => new()
    {
        ExpectedVersion = 0,
        Stage = StatusStage.Identified,
        Title = "Sign-in problems",
        Body = "The Login service has a broken certificate.",
        Impact = StatusImpact.Major,
        NextUpdateBy = app.Clock.UtcNow.AddMinutes(15),
        AcknowledgeWarnings = true,
    };

    public static readonly IReadOnlyDictionary<string, Func<StatusPageAuthorizationScenario, ClaimsPrincipal, Task>> Actions =
        new Dictionary<string, Func<StatusPageAuthorizationScenario, ClaimsPrincipal, Task>>
        {
            ["StatusPageService.PublishAsync"] = (s, u) => s.Status.PublishAsync(u, s.Base.IncidentId, Next(s.App)),
            ["StatusPageService.CorrectAsync"] = (s, u) => s.Status.CorrectAsync(u, s.Base.IncidentId, s.UpdateId, 0, "We are looking into sign-in errors."),
            ["StatusPageService.SetComponentStatusAsync"] = (s, u) => s.Status.SetComponentStatusAsync(u, s.ServiceId, null, ComponentStatus.MajorOutage),
            ["StatusPageService.SaveComponentAsync"] = (s, u) => s.Status.SaveComponentAsync(u, s.ServiceId, null, new ComponentSettings("Sign-in", "Accounts", 1, true)),
            ["StatusTemplateService.SaveAsync"] = (s, u) => s.Templates.SaveAsync(u, StatusStage.Monitoring, 0, "Fixed {{Services}}; watching."),
        };

    public static bool IsAdminOnly(string action) =>
        action is "StatusPageService.SaveComponentAsync" || action.StartsWith("StatusTemplateService.", StringComparison.Ordinal);
}

public sealed class StatusPageAuthorizationFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;
    public StatusPageAuthorizationScenario Scenario { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await TestApp.CreateAsync();
        Scenario = await StatusPageAuthorizationScenario.CreateAsync(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class StatusPageAuthorizationRefusalTests(StatusPageAuthorizationFixture fixture) : IClassFixture<StatusPageAuthorizationFixture>
{
    public static TheoryData<string, string> RefusedCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in StatusPageAuthorizationScenario.Actions.Keys)
        {
            foreach (var caller in AuthorizationScenario.RefusedEverywhere)
            {
                data.Add(action, caller);
            }
            if (StatusPageAuthorizationScenario.IsAdminOnly(action))
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
            StatusPageAuthorizationScenario.Actions[action](fixture.Scenario, fixture.Scenario.Base.Callers[caller]));

        Assert.Equal(before, await fixture.App.SnapshotAsync());
    }

    [Fact]
    public async Task Anonymous_callers_cannot_read_either()
    {
        var anonymous = fixture.Scenario.Base.Callers["anonymous"];
        var status = fixture.Scenario.Status;
        await Assert.ThrowsAsync<ForbiddenException>(() => status.GetIncidentAsync(anonymous, fixture.Scenario.Base.IncidentId));
        await Assert.ThrowsAsync<ForbiddenException>(() => status.ListComponentsAsync(anonymous));
        await Assert.ThrowsAsync<ForbiddenException>(() => status.OverdueAsync(anonymous));
        await Assert.ThrowsAsync<ForbiddenException>(() => status.DueAsync(anonymous, [fixture.Scenario.Base.IncidentId]));
        await Assert.ThrowsAsync<ForbiddenException>(() => status.BuildMessagesAsync(anonymous, fixture.Scenario.Base.IncidentId));
        await Assert.ThrowsAsync<ForbiddenException>(() => fixture.Scenario.Templates.ListAsync(anonymous));
    }

    [Fact]
    public async Task Viewers_read_the_status_of_an_incident()
    {
        var viewer = fixture.Scenario.Base.Callers["viewer"];
        var view = await fixture.Scenario.Status.GetIncidentAsync(viewer, fixture.Scenario.Base.IncidentId);
        Assert.Equal(StatusStage.Investigating, view.Public!.Stage);
        Assert.NotEmpty((await fixture.Scenario.Status.BuildMessagesAsync(viewer, fixture.Scenario.Base.IncidentId)).Internal);
    }
}

public class StatusPageAuthorizationAllowedTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private StatusPageAuthorizationScenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _scenario = await StatusPageAuthorizationScenario.CreateAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string> AllowedCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in StatusPageAuthorizationScenario.Actions.Keys)
        {
            if (!StatusPageAuthorizationScenario.IsAdminOnly(action))
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

        await StatusPageAuthorizationScenario.Actions[action](_scenario, _scenario.Base.Callers[caller]);

        Assert.NotEqual(before, await _app.SnapshotAsync());
        Assert.True(await _app.QueryAsync(db => db.StatusUpdates.AnyAsync()));
    }
}
