using Bunit;
using IncidentCenter.Accounts;
using IncidentCenter.Accounts.Pages;
using IncidentCenter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace IncidentCenter.Tests.Accounts;

/// <summary>The Users page as an Admin works it: disabling someone is confirmed in a dialog first.</summary>
public sealed class UsersPageRenderingTests
{
    [Fact]
    public async Task Disabling_a_user_asks_first_Cancel_changes_nothing_and_confirming_disables_them()
    {
        await using var app = await TestApp.CreateAsync();
        var ada = await app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        var rosa = await app.CreateUserAsync("Rosa Responder", AppRoles.Responder);
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(app.UserAdmin);
        var page = context.Render<MudPageHost<Users>>(p => p.Add(h => h.User, ada.Principal));

        async Task<bool> RosaDisabledAsync() => (await app.UserAdmin.ListAsync(ada.Principal)).Single(u => u.Id == rosa.Id).Disabled;

        page.WaitForElement("button[aria-label='Disable Rosa Responder']").Click();
        page.WaitForAssertion(() => Assert.Contains("Disable Rosa Responder?", page.Find(".mud-dialog").TextContent));
        DialogButton(page, "Cancel").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.False(await RosaDisabledAsync());
        Assert.Single(page.FindAll("button[aria-label='Disable Rosa Responder']"));

        page.Find("button[aria-label='Disable Rosa Responder']").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog")));
        DialogButton(page, "Disable").Click();
        page.WaitForElement("button[aria-label='Enable Rosa Responder']");
        Assert.True(await RosaDisabledAsync());
    }

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<MudPageHost<Users>> page, string text) =>
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);
}
