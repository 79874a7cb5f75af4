using System.Security.Claims;
using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Accounts;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Postmortems;

/// <summary>
/// The callers of <see cref="AuthorizationScenario"/> against every post-mortem, template and action item
/// method that changes something: refused ones write nothing, allowed ones write.
/// </summary>
public sealed class PostmortemAuthorizationScenario
{
    public AuthorizationScenario Base { get; private set; } = null!;
    public int DraftIncidentId { get; private set; }
    public int InReviewIncidentId { get; private set; }
    public int ResolvedIncidentId { get; private set; }
    public int RevisionId { get; private set; }
    public int ActionItemId { get; private set; }
    public int TemplateId { get; private set; }

    private TestApp App => Base.App;
    private PostmortemService Postmortems => App.Services.GetRequiredService<PostmortemService>();
    private PostmortemTemplateService Templates => App.Services.GetRequiredService<PostmortemTemplateService>();
    private ActionItemService ActionItems => App.Services.GetRequiredService<ActionItemService>();

    public static async Task<PostmortemAuthorizationScenario> CreateAsync(TestApp app)
    {
        var s = new PostmortemAuthorizationScenario { Base = await AuthorizationScenario.CreateAsync(app) };
        var by = s.Base.Responder.Principal;
        async Task<int> ResolvedAsync(string title)
        {
            var incident = await app.Incidents.DeclareAsync(by, new DeclareIncident { Title = title, Severity = Severity.Sev3 });
            await app.Incidents.ChangeStateAsync(by, incident.Id, 0, IncidentState.Resolved);
            return incident.Id;
        }
        s.DraftIncidentId = await ResolvedAsync("Draft one");
        s.InReviewIncidentId = await ResolvedAsync("In review one");
        s.ResolvedIncidentId = await ResolvedAsync("Not written yet");
        await s.Postmortems.GenerateAsync(by, s.DraftIncidentId);
        var review = await s.Postmortems.GenerateAsync(by, s.InReviewIncidentId);
        await s.Postmortems.RequestReviewAsync(by, s.InReviewIncidentId, review.Version);
        // So that a refresh has something to change.
        await app.Timeline.AddAsync(by, s.DraftIncidentId, new TimelineDraft { Text = "Late key event", IsKeyEvent = true });
        s.RevisionId = (await s.Postmortems.RevisionsAsync(by, s.DraftIncidentId))[0].Id;
        s.ActionItemId = (await s.ActionItems.AddAsync(by, s.DraftIncidentId, "Add a check", null, null)).Id;
        s.TemplateId = await app.QueryAsync(db => db.PostmortemTemplates.Where(t => t.Name == DefaultTemplates.FullName).Select(t => t.Id).SingleAsync());
        return s;
    }

    public static readonly IReadOnlyDictionary<string, Func<PostmortemAuthorizationScenario, ClaimsPrincipal, Task>> Actions =
        new Dictionary<string, Func<PostmortemAuthorizationScenario, ClaimsPrincipal, Task>>
        {
            ["PostmortemService.GenerateAsync"] = (s, u) => s.Postmortems.GenerateAsync(u, s.ResolvedIncidentId),
            ["PostmortemService.SaveAsync"] = (s, u) => s.Postmortems.SaveAsync(u, s.DraftIncidentId, 0, "# Rewritten\n"),
            ["PostmortemService.SaveAsync (autosave)"] = (s, u) => s.Postmortems.SaveAsync(u, s.DraftIncidentId, 0, "# Rewritten\n", autosave: true),
            ["PostmortemService.RefreshGeneratedAsync"] = (s, u) => s.Postmortems.RefreshGeneratedAsync(u, s.DraftIncidentId, 0),
            ["PostmortemService.RequestReviewAsync"] = (s, u) => s.Postmortems.RequestReviewAsync(u, s.DraftIncidentId, 0),
            ["PostmortemService.ReturnToDraftAsync"] = (s, u) => s.Postmortems.ReturnToDraftAsync(u, s.InReviewIncidentId, 1),
            ["PostmortemService.PublishAsync"] = (s, u) => s.Postmortems.PublishAsync(u, s.InReviewIncidentId, 1),
            ["PostmortemService.RestoreRevisionAsync"] = (s, u) => s.Postmortems.RestoreRevisionAsync(u, s.DraftIncidentId, 0, s.RevisionId),
            ["ActionItemService.AddAsync"] = (s, u) => s.ActionItems.AddAsync(u, s.DraftIncidentId, "Another", null, null),
            ["ActionItemService.UpdateAsync"] = (s, u) => s.ActionItems.UpdateAsync(u, s.ActionItemId, 0, "Add a check", null, new DateOnly(2026, 12, 1), ActionItemState.InProgress),
            ["PostmortemTemplateService.SaveAsync"] = (s, u) => s.Templates.SaveAsync(u, null, 0, "Mine", "# {{Title}}\n"),
            ["PostmortemTemplateService.SaveAsync (update)"] = (s, u) => s.Templates.SaveAsync(u, s.TemplateId, 0, "Full, renamed", DefaultTemplates.Full),
            ["PostmortemTemplateService.SetDefaultAsync"] = (s, u) => s.Templates.SetDefaultAsync(u, Severity.Sev3, s.TemplateId),
        };

    public static bool IsAdminOnly(string action) => action.StartsWith("PostmortemTemplateService.", StringComparison.Ordinal);
}

public sealed class PostmortemAuthorizationFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;
    public PostmortemAuthorizationScenario Scenario { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await TestApp.CreateAsync();
        Scenario = await PostmortemAuthorizationScenario.CreateAsync(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class PostmortemAuthorizationRefusalTests(PostmortemAuthorizationFixture fixture) : IClassFixture<PostmortemAuthorizationFixture>
{
    public static TheoryData<string, string> RefusedCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in PostmortemAuthorizationScenario.Actions.Keys)
        {
            foreach (var caller in AuthorizationScenario.RefusedEverywhere)
            {
                data.Add(action, caller);
            }
            if (PostmortemAuthorizationScenario.IsAdminOnly(action))
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
            PostmortemAuthorizationScenario.Actions[action](fixture.Scenario, fixture.Scenario.Base.Callers[caller]));

        Assert.Equal(before, await fixture.App.SnapshotAsync());
    }

    [Fact]
    public async Task Anonymous_callers_cannot_read_either()
    {
        var anonymous = fixture.Scenario.Base.Callers["anonymous"];
        var postmortems = fixture.App.Services.GetRequiredService<PostmortemService>();
        await Assert.ThrowsAsync<ForbiddenException>(() => postmortems.GetAsync(anonymous, fixture.Scenario.DraftIncidentId));
        await Assert.ThrowsAsync<ForbiddenException>(() => postmortems.DueAsync(anonymous));
        await Assert.ThrowsAsync<ForbiddenException>(() => postmortems.PublishedSetAsync(anonymous));
        await Assert.ThrowsAsync<ForbiddenException>(() => postmortems.WritePublishedZipAsync(anonymous, Stream.Null));
        await Assert.ThrowsAsync<ForbiddenException>(() => fixture.App.Services.GetRequiredService<PostmortemTemplateService>()
            .PreviewAsync(fixture.Scenario.Base.Callers["responder"], "# {{Title}}", null));
    }
}

public class PostmortemAuthorizationAllowedTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private PostmortemAuthorizationScenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _scenario = await PostmortemAuthorizationScenario.CreateAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string> AllowedCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in PostmortemAuthorizationScenario.Actions.Keys)
        {
            if (!PostmortemAuthorizationScenario.IsAdminOnly(action))
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

        await PostmortemAuthorizationScenario.Actions[action](_scenario, _scenario.Base.Callers[caller]);

        Assert.NotEqual(before, await _app.SnapshotAsync());
    }
}
