using Bunit;
using IncidentCenter.Accounts;
using IncidentCenter.Catalog;
using IncidentCenter.Playbooks;
using IncidentCenter.Playbooks.Pages;
using IncidentCenter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Playbooks;

/// <summary>The checklist templates page: deleting a template is confirmed in a dialog first.</summary>
public sealed class ChecklistTemplatesPageRenderingTests
{
    [Fact]
    public async Task Deleting_a_template_asks_first_Keep_changes_nothing_and_confirming_deletes_it()
    {
        await using var app = await TestApp.CreateAsync();
        var ada = await app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        var checklists = app.Services.GetRequiredService<ChecklistService>();
        await using var context = IncidentBunit.Create(app.Services);
        var page = context.Render<MudPageHost<ChecklistTemplates>>(p => p.Add(h => h.User, ada.Principal));

        async Task<bool> TemplateExistsAsync() => (await checklists.ListTemplatesAsync(ada.Principal)).Any(t => t.Name == DefaultPlaybooks.Investigation);
        Assert.True(await TemplateExistsAsync());

        page.WaitForAssertion(() => PageButton(page, DefaultPlaybooks.Investigation).Click());
        page.WaitForAssertion(() => Assert.Contains($"Edit {DefaultPlaybooks.Investigation}", page.Markup));
        PageButton(page, "Delete template").Click();
        page.WaitForAssertion(() => Assert.Contains($"Delete \"{DefaultPlaybooks.Investigation}\"?", page.Find(".mud-dialog").TextContent));
        DialogButton(page, "Keep").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.True(await TemplateExistsAsync());
        Assert.Contains($"Edit {DefaultPlaybooks.Investigation}", page.Markup);

        PageButton(page, "Delete template").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog")));
        DialogButton(page, "Delete template").Click();
        page.WaitForAssertion(() => Assert.Contains("Deleted. Incidents keep their copies.", page.Markup));
        Assert.False(await TemplateExistsAsync());
        Assert.DoesNotContain(page.FindAll("[aria-label=Templates] button"), b => b.TextContent.Trim() == DefaultPlaybooks.Investigation);
    }

    /// <summary>A button of the page itself, not of the dialog (the dialog's confirm button reads the same).</summary>
    private static AngleSharp.Dom.IElement PageButton(IRenderedComponent<MudPageHost<ChecklistTemplates>> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text && b.Closest(".mud-dialog") is null);

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<MudPageHost<ChecklistTemplates>> page, string text) =>
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);
}
