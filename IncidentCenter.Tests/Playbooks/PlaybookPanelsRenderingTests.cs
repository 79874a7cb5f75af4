using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Playbooks;
using IncidentCenter.Playbooks.Pages;
using IncidentCenter.Postmortems;
using IncidentCenter.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Playbooks;

/// <summary>The incident's checklists and tasks panels as a responder uses them, on real SQLite.</summary>
public sealed class PlaybookPanelsRenderingTests
{
    [Fact]
    public async Task Responder_attaches_a_checklist_and_ticks_an_item()
    {
        await using var app = await TestApp.CreateAsync();
        var rita = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        var id = (await app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "Queue stuck", Severity = Severity.Sev3 })).Id;
        var checklists = app.Services.GetRequiredService<ChecklistService>();
        await using var page = new MudPage(app, rita.Principal);
        var panel = page.Render<IncidentChecklists>(p => p.Add(c => c.IncidentId, id).Add(c => c.CanRespond, true));

        panel.WaitForAssertion(() => Assert.Contains("Checklist to attach", panel.Markup));
        var attached = await checklists.ListForIncidentAsync(rita.Principal, id);
        var before = attached.Count;
        var name = (await checklists.ListTemplatesAsync(rita.Principal)).First(t => attached.All(c => c.TemplateId != t.Id)).Name;
        page.Choose(panel, "Checklist to attach", name);
        panel.FindAll("button").Single(b => b.TextContent.Trim() == "Attach checklist").Click();
        panel.WaitForAssertion(() => Assert.Contains(panel.FindAll("legend"), l => l.TextContent.Contains(name)));
        Assert.Equal(before + 1, (await checklists.ListForIncidentAsync(rita.Principal, id)).Count);

        var first = (await checklists.ListForIncidentAsync(rita.Principal, id)).Single(c => c.Name == name).Items[0];
        var box = panel.FindAll("li").First(li => li.TextContent.Contains(first.Text)).QuerySelector("input[type=checkbox]")!;
        box.Change(true);
        panel.WaitForAssertion(() => Assert.Contains("Rita Responder", panel.FindAll("li").First(li => li.TextContent.Contains(first.Text)).TextContent));
        var saved = (await checklists.ListForIncidentAsync(rita.Principal, id)).Single(c => c.Name == name).Items[0];
        Assert.True(saved.IsChecked);
    }

    [Fact]
    public async Task Responder_adds_a_task_assigns_it_and_a_title_typed_during_the_add_is_the_one_added()
    {
        await using var app = await TestApp.CreateAsync();
        var rita = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        var bob = await app.CreateUserAsync("Bob Responder", AppRoles.Responder);
        var id = (await app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "Search slow", Severity = Severity.Sev3 })).Id;
        var items = app.Services.GetRequiredService<TaskService>();
        await using var page = new MudPage(app, rita.Principal);
        var panel = page.Render<IncidentTasks>(p => p.Add(c => c.IncidentId, id).Add(c => c.CanRespond, true));

        panel.WaitForElement("#new-task");
        Assert.Equal("New task", panel.Find("label[for=new-task]").TextContent.Trim());
        panel.Find("#new-task").Input("Restart the indexer");
        page.Choose(panel, "Assign to", "Bob Responder");
        panel.Find("form.add-task").Submit();
        panel.WaitForAssertion(() => Assert.Contains("Restart the indexer", panel.Find("[aria-label='Task list']").TextContent));
        var task = Assert.Single(await items.ListForIncidentAsync(rita.Principal, id));
        Assert.Equal(bob.Id, task.OwnerId);
        Assert.Equal("", panel.Find("#new-task").GetAttribute("value") ?? "");

        Assert.Equal("State", panel.FindAll(".mud-select").First(sel => sel.QuerySelector("input[aria-label='State of Restart the indexer']") is not null).QuerySelector("label")!.TextContent.Trim());
        page.ChooseNamed(panel, "State of Restart the indexer", "Done");
        panel.WaitForAssertion(() => Assert.Equal(ActionItemState.Done, Assert.Single(items.ListForIncidentAsync(rita.Principal, id).Result).State));
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("li.finished")));
    }
}
