using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>Nothing is silently ignored before the page is live (issue 9, item 2).</summary>
[Collection(AppCollection.Name)]
public sealed class ConnectingTests(SharedApp app)
{
    [Fact]
    public async Task Resolve_clicked_the_moment_the_incident_page_appears_take_effect()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var setup = await context.NewPageAsync();
        var reference = await setup.DeclareAsync($"Checkout errors {Unique.Id()}", "SEV2");
        await setup.CloseAsync();

        var page = await context.NewPageAsync();
        await page.GotoAsync($"/incidents/{reference}", new() { WaitUntil = WaitUntilState.Commit });
        // No waiting for the page to settle: the click lands as soon as the button is there.
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();
        await page.ConfirmAsync("Resolve");

        await Expect(page.Locator(".incident-badges .state")).ToHaveTextAsync("Resolved");

        // And the effect is real, not only on this page.
        await page.ReloadAsync();
        await Expect(page.Locator(".incident-badges .state")).ToHaveTextAsync("Resolved");
    }

    [Fact]
    public async Task Until_the_circuit_is_up_the_page_says_Connecting_and_offers_no_control()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var setup = await context.NewPageAsync();
        var reference = await setup.DeclareAsync($"Slow link {Unique.Id()}", "SEV3");
        await setup.CloseAsync();

        var page = await context.NewPageAsync();
        var release = new TaskCompletionSource();
        // Hold the circuit's negotiation, as a slow network would.
        await page.RouteAsync("**/_blazor/negotiate*", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync($"/incidents/{reference}");

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Connecting…" })).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button).CountAsync());

        release.SetResult();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();
        await page.ConfirmAsync("Resolve");
        await Expect(page.Locator(".incident-badges .state")).ToHaveTextAsync("Resolved");
        await Expect(page.GetByText("Connecting…", new() { Exact = true })).ToBeHiddenAsync();
    }
}
