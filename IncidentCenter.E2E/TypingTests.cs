using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// A scribe writing fast: nothing typed is lost. These tests never wait for the box to empty
/// before the next entry; a hurried person does not either.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TypingTests(SharedApp app)
{
    [Fact]
    public async Task Scribe_burst_of_twenty_entries_sent_with_ctrl_enter_100ms_apart_is_all_saved_in_order()
    {
        await using var scribeContext = await app.NewContextAsync(app.Responder);
        await using var viewerContext = await app.NewContextAsync(app.Viewer);
        var scribe = await scribeContext.NewPageAsync();
        var reference = await scribe.DeclareAsync($"Scribe burst {Unique.Id()}", "SEV1");
        var viewer = await viewerContext.NewPageAsync();
        await viewer.GotoAsync($"/incidents/{reference}");
        await Expect(viewer.Timeline()).ToContainTextAsync("Incident declared");

        var marker = $"burst-{Unique.Id()}";
        var entries = Enumerable.Range(1, 20).Select(i => $"{marker} entry {i:D2}: step {i} of the rollback").ToList();
        var box = scribe.GetByLabel(Ui.TimelineBox);
        for (var i = 0; i < entries.Count; i++)
        {
            // Pasted: half over whatever the box holds (select all, paste), half at the cursor,
            // after anything still in the box.
            if (i % 2 == 0)
            {
                await box.FillAsync(entries[i]);
            }
            else
            {
                await box.FocusAsync();
                await scribe.Keyboard.PressAsync("Control+End");
                await scribe.Keyboard.InsertTextAsync(entries[i]);
            }
            await box.PressAsync("Control+Enter");
            // The scribe's pace, part of the scenario: not a wait for anything to settle.
            await Task.Delay(100);
        }

        var seen = viewer.Timeline().GetByRole(AriaRole.Listitem).Filter(new() { HasText = marker });
        await Expect(seen).ToHaveCountAsync(entries.Count, new() { Timeout = 30_000 });
        await Expect(seen).ToContainTextAsync([.. entries]);
        var texts = await seen.AllInnerTextsAsync();
        Assert.Equal(entries, texts.Select(t => entries.Single(e => t.Contains(e, StringComparison.Ordinal))));
        await Expect(box).ToHaveValueAsync("");
        await scribe.WaitForFunctionAsync("marker => !Object.values(localStorage).some(v => v.includes(marker))", marker);
    }

    [Fact]
    public async Task Next_entry_typed_right_after_clicking_add_stays_in_the_box_and_is_saved_after()
    {
        await using var scribeContext = await app.NewContextAsync(app.Responder);
        await using var viewerContext = await app.NewContextAsync(app.Viewer);
        var scribe = await scribeContext.NewPageAsync();
        var reference = await scribe.DeclareAsync($"Typing during save {Unique.Id()}", "SEV2");
        var viewer = await viewerContext.NewPageAsync();
        await viewer.GotoAsync($"/incidents/{reference}");
        await Expect(viewer.Timeline()).ToContainTextAsync("Incident declared");

        var first = $"Failed over to the replica {Unique.Id()}";
        var second = $"Replica lag back under a second {Unique.Id()}";
        var box = scribe.GetByLabel(Ui.TimelineBox);
        var add = scribe.GetByRole(AriaRole.Button, new() { Name = "Add to timeline" });
        await box.FillAsync(first);
        await add.ClickAsync();
        // Straight away, while the first one may still be saving.
        await box.FillAsync(second);

        var timeline = viewer.Timeline().GetByRole(AriaRole.Listitem);
        await Expect(timeline.Filter(new() { HasText = first })).ToBeVisibleAsync();
        // The save of the first cleared only the first: the second is still in the box and in the browser draft.
        await Expect(box).ToHaveValueAsync(second);
        await scribe.WaitForFunctionAsync("text => Object.values(localStorage).includes(text)", second);
        await Expect(timeline.Filter(new() { HasText = second })).ToHaveCountAsync(0);

        await add.ClickAsync();
        await Expect(timeline.Filter(new() { HasText = second })).ToBeVisibleAsync();
        var texts = await timeline.AllInnerTextsAsync();
        Assert.True(texts.ToList().FindIndex(t => t.Contains(first)) < texts.ToList().FindIndex(t => t.Contains(second)));
        await Expect(box).ToHaveValueAsync("");
    }

    [Fact]
    public async Task Browser_drafts_belong_to_their_person_and_go_at_sign_out()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(app.Responder);
        var reference = await page.DeclareAsync($"Shared terminal {Unique.Id()}", "SEV3");
        var draft = $"Rita's half-written note about the root cause {Unique.Id()}";
        var box = page.GetByLabel(Ui.TimelineBox);
        await box.FillAsync(draft);
        await page.WaitForFunctionAsync("text => Object.values(localStorage).includes(text)", draft);

        // Someone else signs in on the same browser without Rita signing out first: they do not get her draft.
        await SignInOverAsync(page, app.Admin);
        await page.GotoAsync($"/incidents/{reference}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(reference);
        await Expect(box).ToBeEditableAsync();
        await Expect(page.GetByText("Your unsaved draft was restored.")).ToHaveCountAsync(0);
        await Expect(box).ToHaveValueAsync("");

        // Rita comes back: her draft was kept for her.
        await SignInOverAsync(page, app.Responder);
        await page.GotoAsync($"/incidents/{reference}");
        await Expect(box).ToHaveValueAsync(draft);

        // She signs out: none of her drafts stay in this browser, and the next person sees nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/account/login");
        Assert.False(await page.EvaluateAsync<bool>("text => Object.values(localStorage).some(v => v.includes(text))", draft));
        await SignInOverAsync(page, app.Admin);
        await page.GotoAsync($"/incidents/{reference}");
        await Expect(box).ToBeEditableAsync();
        await Expect(box).ToHaveValueAsync("");
    }

    private static async Task SignInOverAsync(IPage page, Account account)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(account.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await Expect(page.Locator(".user-menu")).ToContainTextAsync(account.Name);
    }

    [Fact]
    public async Task An_edit_typed_and_saved_at_once_saves_exactly_what_is_on_screen()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        await page.DeclareAsync($"Edit in a hurry {Unique.Id()}", "SEV2");
        var first = $"Restarted the api pods {Unique.Id()}";
        await page.AddTimelineEntryAsync(first);
        var entry = page.Timeline().GetByRole(AriaRole.Listitem).Filter(new() { HasText = first });
        await entry.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();

        // Typed key by key and saved with no pause: no blur, no change event in between.
        // While editing, the entry's text is in the box, so the item is found by the box (one edit is open).
        var edit = page.Timeline().GetByLabel("Edit entry");
        await edit.FillAsync("");
        var corrected = $"Restarted the api and worker pods {Unique.Id()}";
        await edit.PressSequentiallyAsync(corrected);
        await page.Timeline().GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(page.Timeline()).ToContainTextAsync(corrected);
        await Expect(page.Timeline()).Not.ToContainTextAsync(first);
    }
}
