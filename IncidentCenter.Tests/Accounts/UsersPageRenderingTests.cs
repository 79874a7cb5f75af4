using Bunit;
using IncidentCenter.Accounts;
using IncidentCenter.Accounts.Pages;
using IncidentCenter.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Accounts;

/// <summary>The Users page as an Admin works it: disabling someone and resetting their two-factor are confirmed in a dialog first.</summary>
public sealed class UsersPageRenderingTests
{
    [Fact]
    public async Task Disabling_a_user_asks_first_Cancel_changes_nothing_and_confirming_disables_them()
    {
        await using var app = await TestApp.CreateAsync();
        var ada = await app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        var rosa = await app.CreateUserAsync("Rosa Responder", AppRoles.Responder);
        await using var context = IncidentBunit.Create(app.Services);
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

    [Fact]
    public async Task Resetting_two_factor_asks_first_Cancel_changes_nothing_and_confirming_turns_it_off()
    {
        await using var app = await TestApp.CreateAsync();
        var ada = await app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        var rosa = await app.CreateUserAsync("Rosa Responder", AppRoles.Responder);
        var keyBefore = await TurnOnTwoFactorAsync(app, rosa.Id);
        await using var context = IncidentBunit.Create(app.Services);
        var page = context.Render<MudPageHost<Users>>(p => p.Add(h => h.User, ada.Principal));

        async Task<bool> RosaHasTwoFactorAsync() => (await app.UserAdmin.ListAsync(ada.Principal)).Single(u => u.Id == rosa.Id).TwoFactor;

        page.WaitForElement("button[aria-label='Reset two-factor of Rosa Responder']").Click();
        page.WaitForAssertion(() => Assert.Contains("Reset two-factor of Rosa Responder?", page.Find(".mud-dialog").TextContent));
        DialogButton(page, "Cancel").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.True(await RosaHasTwoFactorAsync());
        Assert.Equal(keyBefore, await AuthenticatorKeyAsync(app, rosa.Id));
        Assert.Single(page.FindAll("button[aria-label='Reset two-factor of Rosa Responder']"));

        page.Find("button[aria-label='Reset two-factor of Rosa Responder']").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog")));
        DialogButton(page, "Reset two-factor").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("button[aria-label='Reset two-factor of Rosa Responder']")));
        Assert.False(await RosaHasTwoFactorAsync());
        // A new key: the old authenticator entry no longer works.
        Assert.NotEqual(keyBefore, await AuthenticatorKeyAsync(app, rosa.Id));
    }

    private static async Task<string?> TurnOnTwoFactorAsync(TestApp app, string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = (await users.FindByIdAsync(userId))!;
        Assert.True((await users.ResetAuthenticatorKeyAsync(account)).Succeeded);
        Assert.True((await users.SetTwoFactorEnabledAsync(account, true)).Succeeded);
        return await users.GetAuthenticatorKeyAsync(account);
    }

    private static async Task<string?> AuthenticatorKeyAsync(TestApp app, string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(userId))!);
    }

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<MudPageHost<Users>> page, string text) =>
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);
}
