using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Postmortems.Pages;
using IncidentCenter.Tests.Support;
using Bunit;

namespace IncidentCenter.Tests.Postmortems;

/// <summary>The post-mortem editor as a responder uses it: generate, type, preview, save, review, publish after confirming.</summary>
public sealed class PostmortemEditorRenderingTests
{
    [Fact]
    public async Task Responder_generates_types_previews_saves_and_publishes_only_after_confirming()
    {
        await using var s = await PostmortemScenario.CreateAsync(Severity.Sev3);
        var reference = IncidentReference.Format(s.IncidentId);
        await using var page = new MudPage(s.App, MudPage.Person(s.Alice, AppRoles.Responder));
        var editor = page.Render<PostmortemPage>(p => p.Add(c => c.Reference, reference));

        editor.WaitForAssertion(() => Assert.Contains("Generate post-mortem", editor.Markup));
        editor.FindAll("button").Single(b => b.TextContent.Trim() == "Generate post-mortem").Click();
        editor.WaitForElement("#pm-markdown");
        Assert.Equal("Post-mortem (Markdown)", editor.Find("label[for=pm-markdown]").TextContent.Trim());
        Assert.Equal("Draft", editor.Find("[data-testid=postmortem-state]").TextContent.Trim());

        var generated = (await s.Postmortems.GetAsync(s.Alice.Principal, s.IncidentId))!.Markdown;
        var text = generated + "\n\n## Root cause\n\nA **retry storm** hit the pool.\n";
        editor.Find("#pm-markdown").Input(text);
        Assert.Equal("retry storm", editor.Find("[aria-label=Preview] .markdown strong").TextContent);
        Assert.Contains("Unsaved changes", editor.Markup);

        editor.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();
        editor.WaitForAssertion(() => Assert.Contains("Saved", editor.Find(".pm-badges").TextContent));
        Assert.Equal(text, (await s.Postmortems.GetAsync(s.Alice.Principal, s.IncidentId))!.Markdown);

        editor.FindAll("button").Single(b => b.TextContent.Trim() == "Send for review").Click();
        editor.WaitForAssertion(() => Assert.Equal("In review", editor.Find("[data-testid=postmortem-state]").TextContent.Trim()));

        var publish = editor.FindAll("button").Single(b => b.TextContent.Trim() == "Publish");
        Assert.False(publish.HasAttribute("disabled"), string.Join(" ", editor.FindAll("[aria-label='Publish blockers'] li").Select(li => li.TextContent)));
        publish.Click();
        editor.WaitForAssertion(() => Assert.Contains("no longer changes", page.DialogText()));
        page.AnswerDialog("Cancel");
        editor.WaitForAssertion(() => Assert.Empty(page.Dialogs.FindAll(".mud-dialog")));
        Assert.Equal(PostmortemState.InReview, (await s.Postmortems.GetAsync(s.Alice.Principal, s.IncidentId))!.State);

        editor.FindAll("button").Single(b => b.TextContent.Trim() == "Publish").Click();
        editor.WaitForAssertion(() => page.AnswerDialog("Publish"));
        editor.WaitForAssertion(() => Assert.Equal("Published", editor.Find("[data-testid=postmortem-state]").TextContent.Trim()));
        Assert.Empty(editor.FindAll("#pm-markdown"));
        Assert.Contains("Published the post-mortem.", page.Said());
    }

    [Fact]
    public async Task A_viewer_reads_the_preview_without_an_editor()
    {
        await using var s = await PostmortemScenario.CreateAsync(Severity.Sev3);
        await s.Postmortems.GenerateAsync(s.Alice.Principal, s.IncidentId, null);
        await using var page = new MudPage(s.App, MudPage.Person(s.Vera, AppRoles.Viewer));
        var editor = page.Render<PostmortemPage>(p => p.Add(c => c.Reference, IncidentReference.Format(s.IncidentId)));

        editor.WaitForElement("[aria-label=Preview] .markdown");
        Assert.Empty(editor.FindAll("#pm-markdown"));
        Assert.Empty(editor.FindAll("[aria-label='Post-mortem actions']"));
    }
}
