using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

[Collection(RestartCollection.Name)]
public sealed class RestartTests(SharedApp app)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Open_incident_page_recovers_after_a_server_restart_and_keeps_the_unsaved_draft()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var reference = await page.DeclareAsync($"Queue backlog {Unique.Id()}", "SEV2");
        var draft = $"Draft written while the server goes away {Unique.Id()}";
        var box = page.GetByLabel(Ui.TimelineBox);
        await box.FillAsync(draft);
        // drafts.js keeps it in localStorage as it is typed.
        await page.WaitForFunctionAsync("draft => Object.values(localStorage).includes(draft)", draft);

        await app.Server.StopAsync();
        // The Blazor script notices and shows its reconnect UI.
        await Expect(page.GetByText(new System.Text.RegularExpressions.Regex("^Rejoin"))).ToBeVisibleAsync();

        await app.Server.StartAsync();
        // Once the server is back, the page reloads (the old circuit is gone) and the composer
        // restores the draft from the browser.
        await Expect(page.GetByText("Your unsaved draft was restored.")).ToBeVisibleAsync(new() { Timeout = (float)Recovery.TotalMilliseconds });
        await Expect(page.GetByText(new System.Text.RegularExpressions.Regex("^Rejoin"))).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync($"{app.Server.BaseUrl}/incidents/{reference}");
        await Expect(box).ToHaveValueAsync(draft);

        await page.GetByRole(AriaRole.Button, new() { Name = "Add to timeline" }).ClickAsync();
        await Expect(page.Timeline().GetByRole(AriaRole.Listitem).Filter(new() { HasText = draft })).ToBeVisibleAsync();
        await Expect(box).ToHaveValueAsync("");
        await page.WaitForFunctionAsync("draft => !Object.values(localStorage).includes(draft)", draft);
    }
}
