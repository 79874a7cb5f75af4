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
        // The Blazor script notices and shows its reconnect UI, which says the text is kept.
        await Expect(page.GetByText("Reconnecting… Your unsaved text is kept in this browser.")).ToBeVisibleAsync();

        await app.Server.StartAsync();
        // Once the server is back, the page reloads (the old circuit is gone) and the composer
        // restores the draft from the browser.
        await Expect(page.GetByText("Your unsaved draft was restored.")).ToBeVisibleAsync(new() { Timeout = (float)Recovery.TotalMilliseconds });
        await Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync($"{app.Server.BaseUrl}/incidents/{reference}");
        await Expect(box).ToHaveValueAsync(draft);

        await page.GetByRole(AriaRole.Button, new() { Name = "Add to timeline" }).ClickAsync();
        await Expect(page.Timeline().GetByRole(AriaRole.Listitem).Filter(new() { HasText = draft })).ToBeVisibleAsync();
        await Expect(box).ToHaveValueAsync("");
        await page.WaitForFunctionAsync("draft => !Object.values(localStorage).includes(draft)", draft);
    }

    [Fact]
    public async Task Text_being_typed_when_the_server_is_killed_is_in_the_box_when_it_is_back_and_then_saves()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var reference = await page.DeclareAsync($"Disk full on db-3 {Unique.Id()}", "SEV1");
        var box = page.GetByLabel(Ui.TimelineBox);
        var text = $"Scribe mid-sentence as the server dies {Unique.Id()}";

        // Typing, key by key; the server is killed (SIGKILL) the moment the last key is down.
        await box.PressSequentiallyAsync(text);
        await app.Server.StopAsync();
        await app.Server.StartAsync();

        // Back by itself: no reload by hand, the text in the box of the new page (the old page's
        // box shows it too until the reload, so wait for the new page to say it restored it).
        await Expect(page.GetByText("Your unsaved draft was restored.")).ToBeVisibleAsync(new() { Timeout = (float)Recovery.TotalMilliseconds });
        await Expect(page).ToHaveURLAsync($"{app.Server.BaseUrl}/incidents/{reference}");
        await Expect(box).ToHaveValueAsync(text);
        await Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Add to timeline" }).ClickAsync();
        await Expect(page.Timeline().GetByRole(AriaRole.Listitem).Filter(new() { HasText = text })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_paused_circuit_resumes_with_the_note_typed_on_the_incident_page()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        await page.DeclareAsync($"Cache stampede {Unique.Id()}", "SEV3");
        var note = page.GetByLabel("Note for the next change (optional; needed to reopen)");
        var text = $"Rolled back the cache config {Unique.Id()}";
        await note.PressSequentiallyAsync(text);
        await page.MarkWindowAsync();

        // The browser pauses the circuit (as a hidden tab would); the server persists the page's
        // state and drops the circuit; resuming builds a new circuit from that state.
        Assert.True(await page.EvaluateAsync<bool>("() => Blazor.pauseCircuit()"));
        await Expect(page.GetByText("This page was paused. Your unsaved text is kept; resume to carry on.")).ToBeVisibleAsync();
        await note.EvaluateAsync("e => e.value = ''");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();

        await Expect(note).ToHaveValueAsync(text);
        await page.AssertNotReloadedAsync();
    }
}
