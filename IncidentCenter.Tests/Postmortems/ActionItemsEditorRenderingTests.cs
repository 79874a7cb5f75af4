using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Postmortems.Pages;
using IncidentCenter.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Postmortems;

/// <summary>The post-mortem's action items editor (MudSelects, labelled) as a responder uses it, on real SQLite.</summary>
public sealed class ActionItemsEditorRenderingTests
{
    [Fact]
    public async Task Adding_clears_the_form_and_a_refused_add_keeps_what_was_typed()
    {
        await using var s = await PostmortemScenario.CreateAsync(Severity.Sev3);
        await using var page = new MudPage(s.App, MudPage.Person(s.Alice, AppRoles.Responder));
        var editor = page.Render<ActionItemsEditor>(p => p.Add(c => c.IncidentId, s.IncidentId).Add(c => c.CanEdit, true));

        editor.WaitForElement("#ai-title");
        Assert.Equal("Action item", editor.Find("label[for=ai-title]").TextContent.Trim());
        Assert.Equal("Due date", editor.Find("label[for=ai-due]").TextContent.Trim());
        editor.Find("#ai-title").Input("Cap retries in the payments client");
        page.Choose(editor, "Owner", "Bob Responder");
        editor.Find("#ai-due").Input("2031-03-14");
        editor.Find("form.add-action").Submit();

        editor.WaitForAssertion(() => Assert.Contains("Cap retries in the payments client", editor.Find("table[aria-label='Action items list']").TextContent));
        var item = Assert.Single(await s.ActionItems.ListForIncidentAsync(s.Alice.Principal, s.IncidentId));
        Assert.Equal((s.Bob.Id, new DateOnly(2031, 3, 14)), (item.OwnerId, item.DueDate));
        Assert.Equal("", editor.TextOf("ai-title"));
        Assert.Equal("", editor.Find("#ai-due").GetAttribute("value") ?? "");
        Assert.Equal("Bob Responder", Row(editor, "Owner of Cap retries in the payments client").GetAttribute("value"));

        // Vera is a Viewer: she cannot own it, so nothing is added and the typed title stays.
        editor.Find("#ai-title").Input("Alert on success rate");
        page.Choose(editor, "Owner", "Bob Responder");
        await s.App.Services.GetRequiredService<UserAdminService>().ChangeRoleAsync(s.Admin.Principal, s.Bob.Id, AppRoles.Viewer);
        editor.Find("form.add-action").Submit();
        editor.WaitForAssertion(() => Assert.Contains(page.Said(), m => m.Contains("cannot own")));
        Assert.Equal("Alert on success rate", editor.TextOf("ai-title"));
        Assert.Single(await s.ActionItems.ListForIncidentAsync(s.Alice.Principal, s.IncidentId));
    }

    [Fact]
    public async Task A_change_that_lost_to_someone_elses_is_refused_shows_theirs_and_keeps_the_typed_text()
    {
        await using var s = await PostmortemScenario.CreateAsync(Severity.Sev3);
        var item = await s.ActionItems.AddAsync(s.Alice.Principal, s.IncidentId, "Cache session lookups", null, null);
        await using var page = new MudPage(s.App, MudPage.Person(s.Alice, AppRoles.Responder));
        var editor = page.Render<ActionItemsEditor>(p => p.Add(c => c.IncidentId, s.IncidentId).Add(c => c.CanEdit, true));
        editor.WaitForElement("#ai-title");
        Assert.Equal("No owner", Row(editor, "Owner of Cache session lookups").GetAttribute("value"));

        // Bob marks it done; Alice's page still shows the version before.
        await s.ActionItems.UpdateAsync(s.Bob.Principal, item.Id, item.Version, item.Title, null, null, ActionItemState.Done);
        editor.Find("#ai-title").Input("Half-typed idea");
        page.ChooseNamed(editor, "Owner of Cache session lookups", "Bob Responder");

        editor.WaitForAssertion(() => Assert.Contains(page.Said(), m => m.Contains("Someone else changed this action item")));
        editor.WaitForAssertion(() => Assert.Equal("Done", Row(editor, "State of Cache session lookups").GetAttribute("value")));
        Assert.Equal("No owner", Row(editor, "Owner of Cache session lookups").GetAttribute("value"));
        Assert.Equal("Half-typed idea", editor.TextOf("ai-title"));
        var saved = Assert.Single(await s.ActionItems.ListForIncidentAsync(s.Alice.Principal, s.IncidentId));
        Assert.Null(saved.OwnerId);
        Assert.Equal(ActionItemState.Done, saved.State);
    }

    [Fact]
    public async Task A_viewer_sees_the_items_without_controls()
    {
        await using var s = await PostmortemScenario.CreateAsync(Severity.Sev3);
        await s.ActionItems.AddAsync(s.Alice.Principal, s.IncidentId, "Cache session lookups", s.Bob.Id, new DateOnly(2031, 3, 14));
        await using var page = new MudPage(s.App, MudPage.Person(s.Vera, AppRoles.Viewer));
        var editor = page.Render<ActionItemsEditor>(p => p.Add(c => c.IncidentId, s.IncidentId).Add(c => c.CanEdit, false));

        editor.WaitForAssertion(() => Assert.Contains("Bob Responder", editor.Find("table[aria-label='Action items list']").TextContent));
        Assert.Contains("2031-03-14", editor.Markup);
        Assert.Empty(editor.FindAll("input"));
        Assert.Empty(editor.FindAll("form"));
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<ActionItemsEditor> editor, string label) =>
        editor.Find($"input[aria-label='{label}']");
}
