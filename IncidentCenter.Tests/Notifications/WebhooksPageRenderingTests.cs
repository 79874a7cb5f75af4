using Bunit;
using IncidentCenter.Accounts;
using IncidentCenter.Notifications;
using IncidentCenter.Notifications.Pages;
using IncidentCenter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Notifications;

/// <summary>The Webhooks page as an Admin works it: deleting a webhook is confirmed in a dialog first.</summary>
public sealed class WebhooksPageRenderingTests
{
    [Fact]
    public async Task Deleting_a_webhook_asks_first_Keep_deletes_nothing_and_confirming_deletes_only_that_one()
    {
        await using var app = await TestApp.CreateAsync();
        var ada = await app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        var webhooks = app.Services.GetRequiredService<WebhookService>();
        await webhooks.CreateAsync(ada.Principal, new WebhookForm { Name = "Ops room", Url = "https://hooks.example.test/ops" });
        await webhooks.CreateAsync(ada.Principal, new WebhookForm { Name = "Pager", Url = "https://hooks.example.test/pager" });
        await using var context = IncidentBunit.Create(app.Services);
        var page = context.Render<MudPageHost<Webhooks>>(p => p.Add(h => h.User, ada.Principal));

        async Task<List<string>> NamesAsync() => (await webhooks.ListAsync(ada.Principal)).Select(w => w.Name).Order().ToList();

        page.WaitForElement("button[aria-label='Delete Ops room']").Click();
        page.WaitForAssertion(() => Assert.Contains("Delete \"Ops room\"?", page.Find(".mud-dialog").TextContent));
        DialogButton(page, "Keep").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.Equal(["Ops room", "Pager"], await NamesAsync());
        Assert.Single(page.FindAll("button[aria-label='Delete Ops room']"));

        page.Find("button[aria-label='Delete Ops room']").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog")));
        DialogButton(page, "Delete with its log").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("button[aria-label='Delete Ops room']")));
        Assert.Equal(["Pager"], await NamesAsync());
        Assert.Single(page.FindAll("button[aria-label='Delete Pager']"));
        page.WaitForAssertion(() => Assert.Contains("Deleted \"Ops room\".", page.Find(".mud-snackbar").TextContent));
    }

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<MudPageHost<Webhooks>> page, string text) =>
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);
}
