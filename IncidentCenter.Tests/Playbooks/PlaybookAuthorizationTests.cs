using System.Security.Claims;
using IncidentCenter.Playbooks;
using IncidentCenter.Postmortems;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Accounts;
using IncidentCenter.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Playbooks;

/// <summary>
/// The callers of <see cref="AuthorizationScenario"/> against every checklist, runbook and task method that
/// changes something: refused ones write nothing, allowed ones write.
/// </summary>
public sealed class PlaybookAuthorizationScenario
{
    public AuthorizationScenario Base { get; private set; } = null!;
    public int ItemId { get; private set; }
    public int ManualTemplateId { get; private set; }
    public int TemplateId { get; private set; }
    public int RunbookId { get; private set; }
    public int RevisionId { get; private set; }
    public int TaskId { get; private set; }

    private TestApp App => Base.App;
    private ChecklistService Checklists => App.Services.GetRequiredService<ChecklistService>();
    private RunbookService Runbooks => App.Services.GetRequiredService<RunbookService>();
    private TaskService Tasks => App.Services.GetRequiredService<TaskService>();

    public static async Task<PlaybookAuthorizationScenario> CreateAsync(TestApp app)
    {
        var s = new PlaybookAuthorizationScenario { Base = await AuthorizationScenario.CreateAsync(app) };
        var by = s.Base.Responder.Principal;
        s.ItemId = (await s.Checklists.ListForIncidentAsync(by, s.Base.IncidentId))[0].Items[0].Id;
        s.ManualTemplateId = (await s.Checklists.SaveTemplateAsync(s.Base.Admin.Principal, null, 0,
            new ChecklistTemplateDraft { Name = "Hand-picked", Items = ["Do it"] })).Id;
        s.TemplateId = (await s.Checklists.ListTemplatesAsync(by)).Single(t => t.Name == DefaultPlaybooks.Investigation).Id;
        s.RunbookId = (await s.Runbooks.SearchAsync(by, "Service down"))[0].Id;
        await s.Runbooks.SaveAsync(by, s.RunbookId, 0, new RunbookDraft { Title = "Service down", Body = "Edited once" });
        s.RevisionId = (await s.Runbooks.RevisionsAsync(by, s.RunbookId)).Last().Id;
        s.TaskId = (await s.Tasks.AddAsync(by, s.Base.IncidentId, "Page the identity team", null)).Id;
        return s;
    }

    public static readonly IReadOnlyDictionary<string, Func<PlaybookAuthorizationScenario, ClaimsPrincipal, Task>> Actions =
        new Dictionary<string, Func<PlaybookAuthorizationScenario, ClaimsPrincipal, Task>>
        {
            ["ChecklistService.TickAsync"] = (s, u) => s.Checklists.TickAsync(u, s.ItemId, true),
            ["ChecklistService.AttachAsync"] = (s, u) => s.Checklists.AttachAsync(u, s.Base.IncidentId, s.ManualTemplateId),
            ["RunbookService.SaveAsync (new)"] = (s, u) => s.Runbooks.SaveAsync(u, null, 0, new RunbookDraft { Title = "Disk full", Body = "Free space." }),
            ["RunbookService.SaveAsync (edit)"] = (s, u) => s.Runbooks.SaveAsync(u, s.RunbookId, 1, new RunbookDraft { Title = "Service down", Body = "Edited twice" }),
            ["RunbookService.RestoreAsync"] = (s, u) => s.Runbooks.RestoreAsync(u, s.RunbookId, 1, s.RevisionId),
            ["TaskService.AddAsync"] = (s, u) => s.Tasks.AddAsync(u, s.Base.IncidentId, "Another task", null),
            ["TaskService.UpdateAsync"] = (s, u) => s.Tasks.UpdateAsync(u, s.TaskId, 0, "Page the identity team", null, null, ActionItemState.Done),
            ["TaskService.ConvertToFollowUpAsync"] = (s, u) => s.Tasks.ConvertToFollowUpAsync(u, s.TaskId, 0),
            ["ChecklistService.SaveTemplateAsync"] = (s, u) => s.Checklists.SaveTemplateAsync(u, null, 0, new ChecklistTemplateDraft { Name = "Mine", Items = ["One"] }),
            ["ChecklistService.SaveTemplateAsync (update)"] = (s, u) => s.Checklists.SaveTemplateAsync(u, s.TemplateId, 0, new ChecklistTemplateDraft { Name = "Investigation", Items = ["One"] }),
            ["ChecklistService.DeleteTemplateAsync"] = (s, u) => s.Checklists.DeleteTemplateAsync(u, s.TemplateId, 0),
        };

    public static bool IsAdminOnly(string action) => action.Contains("Template", StringComparison.Ordinal);
}

public sealed class PlaybookAuthorizationFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;
    public PlaybookAuthorizationScenario Scenario { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await TestApp.CreateAsync();
        Scenario = await PlaybookAuthorizationScenario.CreateAsync(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class PlaybookAuthorizationRefusalTests(PlaybookAuthorizationFixture fixture) : IClassFixture<PlaybookAuthorizationFixture>
{
    public static TheoryData<string, string> RefusedCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in PlaybookAuthorizationScenario.Actions.Keys)
        {
            foreach (var caller in AuthorizationScenario.RefusedEverywhere)
            {
                data.Add(action, caller);
            }
            if (PlaybookAuthorizationScenario.IsAdminOnly(action))
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
            PlaybookAuthorizationScenario.Actions[action](fixture.Scenario, fixture.Scenario.Base.Callers[caller]));

        Assert.Equal(before, await fixture.App.SnapshotAsync());
    }

    [Fact]
    public async Task Anonymous_callers_cannot_read_either()
    {
        var anonymous = fixture.Scenario.Base.Callers["anonymous"];
        var services = fixture.App.Services;
        var id = fixture.Scenario.Base.IncidentId;
        await Assert.ThrowsAsync<ForbiddenException>(() => services.GetRequiredService<ChecklistService>().ListForIncidentAsync(anonymous, id));
        await Assert.ThrowsAsync<ForbiddenException>(() => services.GetRequiredService<ChecklistService>().ListTemplatesAsync(anonymous));
        await Assert.ThrowsAsync<ForbiddenException>(() => services.GetRequiredService<RunbookService>().SearchAsync(anonymous, null));
        await Assert.ThrowsAsync<ForbiddenException>(() => services.GetRequiredService<RunbookService>().SuggestAsync(anonymous, id));
        await Assert.ThrowsAsync<ForbiddenException>(() => services.GetRequiredService<RunbookService>().GetAsync(anonymous, fixture.Scenario.RunbookId));
        await Assert.ThrowsAsync<ForbiddenException>(() => services.GetRequiredService<RunbookService>().RevisionAsync(anonymous, fixture.Scenario.RevisionId));
        await Assert.ThrowsAsync<ForbiddenException>(() => services.GetRequiredService<ActionItemService>().ListOpenAsync(anonymous, ActionItemKind.Task));
        await Assert.ThrowsAsync<ForbiddenException>(() => services.GetRequiredService<TaskService>().ListForIncidentAsync(anonymous, id));
    }

    [Fact]
    public async Task A_viewer_reads_checklists_runbooks_and_tasks()
    {
        var viewer = fixture.Scenario.Base.Callers["viewer"];
        var services = fixture.App.Services;
        Assert.NotEmpty(await services.GetRequiredService<ChecklistService>().ListForIncidentAsync(viewer, fixture.Scenario.Base.IncidentId));
        Assert.NotEmpty(await services.GetRequiredService<RunbookService>().SearchAsync(viewer, "database"));
        Assert.NotEmpty(await services.GetRequiredService<TaskService>().ListForIncidentAsync(viewer, fixture.Scenario.Base.IncidentId));
        Assert.True(await fixture.App.QueryAsync(db => db.IncidentChecklists.AnyAsync()));
    }
}

public class PlaybookAuthorizationAllowedTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private PlaybookAuthorizationScenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _scenario = await PlaybookAuthorizationScenario.CreateAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string> AllowedCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in PlaybookAuthorizationScenario.Actions.Keys)
        {
            if (!PlaybookAuthorizationScenario.IsAdminOnly(action))
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

        await PlaybookAuthorizationScenario.Actions[action](_scenario, _scenario.Base.Callers[caller]);

        Assert.NotEqual(before, await _app.SnapshotAsync());
    }
}
