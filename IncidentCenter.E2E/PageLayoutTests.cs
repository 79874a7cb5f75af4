using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// The main pages with real content, on a desktop and on a phone; saves screenshots when
/// E2E_SCREENSHOTS names a folder.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PageLayoutTests(SharedApp app)
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public async Task Main_pages_render_on_desktop_and_fit_a_phone_screen()
    {
        await using var desktop = await app.NewContextAsync(app.Responder);
        var page = await desktop.NewPageAsync();
        await page.GotoAsync("/incidents/declare");
        await Expect(page.GetByLabel("Title", new() { Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "declare");

        var reference = await page.DeclareAsync(
            $"Payments API timing out for EU customers {Unique.Id()}", "SEV1",
            services: "Payments API, Checkout",
            description: "Card payments time out after 30 s for **EU** customers.\n\n- started after the 14:02 deploy\n- US unaffected");
        await page.AddTimelineEntryAsync("Paged the payments on-call; rollback of `payments-api` v2.31 started.");
        await page.ChooseAsync("Kind", "Action taken");
        await page.GetByLabel("Key event").CheckSettledAsync();
        await page.AddTimelineEntryAsync("Rollback done. Error rate back to 0.2 %; a very-long-unbroken-identifier-like-this-one-0123456789abcdef-0123456789abcdef should wrap.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cause identified" }).ClickAsync();
        await Expect(page.Locator(".incident-badges").GetByText("Identified", new() { Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "incident");

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new(reference + " ") })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "dashboard");

        await using var phone = await app.NewContextAsync(app.Viewer, Phone);
        var small = await phone.NewPageAsync();
        await small.GotoAsync($"/incidents/{reference}");
        await Expect(small.Timeline()).ToContainTextAsync("Rollback done.");
        await Screenshots.SaveAsync(small, "phone-incident");
        await AssertNoSidewaysScrollAsync(small);

        await small.GotoAsync("/");
        await Expect(small.GetByRole(AriaRole.Link, new() { NameRegex = new(reference + " ") })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(small, "phone-dashboard");
        await AssertNoSidewaysScrollAsync(small);

        await using var phoneResponder = await app.NewContextAsync(app.Responder, Phone);
        var smallResponder = await phoneResponder.NewPageAsync();
        await smallResponder.GotoAsync($"/incidents/{reference}");
        await Expect(smallResponder.GetByLabel(Ui.TimelineBox)).ToBeVisibleAsync();
        await Screenshots.SaveAsync(smallResponder, "phone-incident-responder");
        await AssertNoSidewaysScrollAsync(smallResponder);
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{page.Url} is {widths[0]} px wide in a {widths[1]} px window.");
    }
}
