using Bunit;
using IncidentCenter.Accounts;
using IncidentCenter.Intake;
using IncidentCenter.Intake.Pages;
using IncidentCenter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Intake;

/// <summary>The API tokens page: revoking a token is confirmed in a dialog first.</summary>
public sealed class ApiTokensPageRenderingTests
{
    [Fact]
    public async Task Revoking_a_token_asks_first_Keep_changes_nothing_and_confirming_revokes_it()
    {
        await using var app = await TestApp.CreateAsync();
        var ada = await app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        var tokens = app.Services.GetRequiredService<ApiTokenService>();
        var created = await tokens.CreateAsync(ada.Principal, "Alertmanager (prod)");
        await using var context = IncidentBunit.Create(app.Services);
        var page = context.Render<MudPageHost<ApiTokens>>(p => p.Add(h => h.User, ada.Principal));

        page.WaitForElement("button[aria-label='Revoke Alertmanager (prod)']").Click();
        page.WaitForAssertion(() => Assert.Contains("Revoke “Alertmanager (prod)”?", page.Find(".mud-dialog").TextContent));
        DialogButton(page, "Keep").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.True((await tokens.ListAsync(ada.Principal)).Single().IsActive);
        Assert.NotNull(await tokens.AuthenticateAsync(created.Value));

        page.Find("button[aria-label='Revoke Alertmanager (prod)']").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog")));
        DialogButton(page, "Revoke for good").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("button[aria-label='Revoke Alertmanager (prod)']")));
        Assert.False((await tokens.ListAsync(ada.Principal)).Single().IsActive);
        Assert.Null(await tokens.AuthenticateAsync(created.Value));
    }

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<MudPageHost<ApiTokens>> page, string text) =>
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);
}
