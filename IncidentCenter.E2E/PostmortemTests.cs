using System.Text.RegularExpressions;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>From a resolved incident to a published post-mortem and its downloaded file.</summary>
[Collection(AppCollection.Name)]
public sealed partial class PostmortemTests(SharedApp app)
{
    private const string EditorBox = "Post-mortem (Markdown)";

    [Fact]
    public async Task Responder_generates_edits_publishes_and_downloads_a_postmortem()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var title = $"Payments time out {Unique.Id()}";
        var reference = await page.DeclareAsync(title, "SEV2", services: $"Payments-{Unique.Id()}");
        var keyEvent = $"Connection pool exhausted on db-{Unique.Id()}";
        await AddKeyTimelineEntryAsync(page, keyEvent);
        await ResolveAsync(page);

        // A resolved SEV2 owes a post-mortem: the dashboard lists it until it is published.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        var due = page.GetByRole(AriaRole.Region, new() { Name = "Post-mortems due" });
        await Expect(due.GetByRole(AriaRole.Link, new() { Name = $"{reference} {title}" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "dashboard-postmortems-due");
        await page.GetByRole(AriaRole.Table, new() { Name = "Incidents" }).GetByRole(AriaRole.Link, new() { Name = $"{reference} {title}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title);

        await page.GetByRole(AriaRole.Link, new() { Name = "Post-mortem", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{reference}/postmortem");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate post-mortem" }).ClickAsync();

        var editor = page.GetByLabel(EditorBox);
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Preview" });
        await Expect(editor).ToBeVisibleAsync();
        await Expect(preview).ToContainTextAsync(title);
        await Expect(preview).ToContainTextAsync(keyEvent);
        await Expect(page.GetByTestId("postmortem-state")).ToHaveTextAsync("Draft");

        // The hand-written root cause replaces the template's prompt; the preview follows as one types.
        var markdown = await editor.InputValueAsync();
        var hints = page.GetByRole(AriaRole.Region, new() { Name = "Blameless review hints" });
        await editor.FillAsync(ReplaceRootCausePrompt(markdown, "Sam forgot to raise the pool limit."));
        await Expect(hints).ToContainTextAsync("Sam forgot to");
        var sentence = $"A retry storm after the {Unique.Id()} deploy held every connection open.";
        await editor.FillAsync(ReplaceRootCausePrompt(markdown, sentence));
        await Expect(preview).ToContainTextAsync(sentence);
        await Expect(page.GetByText("Sam forgot to")).ToHaveCountAsync(0);

        await page.GetByLabel("Action item", new() { Exact = true }).FillAsync("Cap retries in the payments client");
        await page.ChooseAsync("Owner", app.Responder.Name);
        await page.GetByLabel("Due date", new() { Exact = true }).FillAsync("2031-03-14");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add action item" }).ClickAsync();
        var items = page.GetByRole(AriaRole.Table, new() { Name = "Action items list" });
        await Expect(items.GetByRole(AriaRole.Row).Filter(new() { HasText = "Cap retries in the payments client" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Due date of Cap retries in the payments client")).ToHaveValueAsync("2031-03-14");
        // The document's action-item section follows, and the hand-written text survives the refresh.
        await Expect(preview).ToContainTextAsync("Cap retries in the payments client");
        await Expect(preview).ToContainTextAsync(sentence);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Saved", new() { Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "postmortem-draft");

        // The generated first version, compared with the text now: the root cause is an added line.
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare with current: version 1" }).ClickAsync();
        var differences = page.GetByRole(AriaRole.Table, new() { Name = "Differences" });
        await Expect(differences.Locator(".added").Filter(new() { HasText = sentence })).ToHaveCountAsync(1);
        await Expect(differences.Locator(".removed").Filter(new() { HasText = "To write: why it happened" })).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "Send for review" }).ClickAsync();
        await Expect(page.GetByTestId("postmortem-state")).ToHaveTextAsync("In review");
        // Still there after the state change: the text was saved, not only kept in the editor.
        await Expect(editor).ToHaveValueAsync(new Regex(Regex.Escape(sentence)));

        var publish = page.GetByRole(AriaRole.Button, new() { Name = "Publish" });
        await Expect(publish).ToBeEnabledAsync();
        await publish.ClickAsync();
        // Publishing freezes the document and closes the incident: it asks first.
        await Expect(page.OpenDialog()).ToContainTextAsync("the incident is closed");
        await page.ConfirmAsync("Publish");
        await Expect(page.GetByTestId("postmortem-state")).ToHaveTextAsync("Published");
        await Expect(page.Locator(".pm-badges .state")).ToHaveTextAsync("Closed");
        await Expect(page.GetByLabel(EditorBox)).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "postmortem-published");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Download .md" }).ClickAsync());
        Assert.Equal($"{reference}-postmortem.md", download.SuggestedFilename);
        var file = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains(sentence, file);
        Assert.Contains(keyEvent, file);
        Assert.Contains("Cap retries in the payments client", file);
        Assert.Contains($"reference: {reference}", file);
        Assert.DoesNotContain("\r", file);

        await page.GotoAsync($"/incidents/{reference}");
        await Expect(page.Locator(".incident-badges .state")).ToHaveTextAsync("Closed");

        // Published: off the dashboard's list; its action item stays open among the follow-ups.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Incidents" }).GetByRole(AriaRole.Link, new() { Name = $"{reference} {title}" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Post-mortems due" }).GetByRole(AriaRole.Link, new() { Name = $"{reference} {title}" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Follow-ups" }).ClickAsync();
        var followUp = page.GetByRole(AriaRole.Table, new() { Name = "Open follow-ups" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "Cap retries in the payments client" });
        await Expect(followUp.First).ToContainTextAsync(reference);
        await Screenshots.SaveAsync(page, "follow-ups");
    }

    [Fact]
    public async Task Viewer_reads_a_postmortem_without_editing_controls()
    {
        await using var responderContext = await app.NewContextAsync(app.Responder);
        var responder = await responderContext.NewPageAsync();
        var title = $"Reports are late {Unique.Id()}";
        var reference = await responder.DeclareAsync(title, "SEV3");
        await ResolveAsync(responder);
        await responder.GotoAsync($"/incidents/{reference}/postmortem");
        await responder.GetByRole(AriaRole.Button, new() { Name = "Generate post-mortem" }).ClickAsync();
        await Expect(responder.GetByLabel(EditorBox)).ToBeVisibleAsync();

        await using var viewerContext = await app.NewContextAsync(app.Viewer);
        var viewer = await viewerContext.NewPageAsync();
        await viewer.GotoAsync($"/incidents/{reference}");
        await viewer.GetByRole(AriaRole.Link, new() { Name = "Post-mortem", Exact = true }).ClickAsync();
        await Expect(viewer.GetByRole(AriaRole.Region, new() { Name = "Preview" })).ToContainTextAsync(title);
        await Expect(viewer.GetByRole(AriaRole.Link, new() { Name = "Download .md" })).ToBeVisibleAsync();
        await Expect(viewer.GetByRole(AriaRole.Region, new() { Name = "Version history" })).ToBeVisibleAsync();

        await Expect(viewer.GetByLabel(EditorBox)).ToHaveCountAsync(0);
        await Expect(viewer.GetByLabel("Action item", new() { Exact = true })).ToHaveCountAsync(0);
        foreach (var name in new[] { "Save", "Refresh generated sections", "Send for review", "Publish", "Return to draft", "Add action item", "Generate post-mortem" })
        {
            await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = name, Exact = true })).ToHaveCountAsync(0);
        }
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = false })).ToHaveCountAsync(0);
        await Expect(viewer.GetByRole(AriaRole.Link, new() { Name = "Templates" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Admin_edits_a_template_with_a_live_preview_and_sees_syntax_errors_with_the_line()
    {
        await using var context = await app.NewContextAsync(app.Admin);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Templates" }).ClickAsync();
        var body = page.GetByLabel("Template body (Handlebars Markdown)");
        await Expect(body).Not.ToHaveValueAsync("");
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Template preview" });
        await Expect(preview.Locator(".markdown h1, .markdown h2").First).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Default for SEV1")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "postmortem-templates");

        // A broken block is reported with its line; nothing is saved.
        var original = await body.InputValueAsync();
        await body.FillAsync("# Title\n\n{{#each broken}\n");
        await Expect(page.GetByTestId("template-error")).ToContainTextAsync("Line");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save template" })).ToBeDisabledAsync();
        await Screenshots.SaveAsync(page, "postmortem-template-error");

        await body.FillAsync(original + "\n\nA line only this test adds.\n");
        await Expect(page.GetByTestId("template-error")).ToHaveCountAsync(0);
        await Expect(preview).ToContainTextAsync("A line only this test adds.");
    }

    private static async Task AddKeyTimelineEntryAsync(IPage page, string text)
    {
        await page.GetByLabel(Ui.TimelineBox).FillAsync(text);
        await page.GetByLabel("Key event", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to timeline" }).ClickAsync();
        await Expect(page.Timeline().GetByRole(AriaRole.Listitem).Filter(new() { HasText = text })).ToBeVisibleAsync();
    }

    private static async Task ResolveAsync(IPage page)
    {
        await page.MoveIncidentAsync("Resolve");
        await Expect(page.Locator(".incident-badges .state")).ToHaveTextAsync("Resolved");
    }

    /// <summary>Puts the sentence in place of the prompt the template leaves under its root-cause heading.</summary>
    private static string ReplaceRootCausePrompt(string markdown, string sentence)
    {
        var lines = markdown.Split('\n');
        var heading = Array.FindIndex(lines, l => RootCauseHeading().IsMatch(l));
        Assert.True(heading >= 0, "The generated post-mortem has no root-cause heading:\n" + markdown);
        var prompt = Array.FindIndex(lines, heading + 1, l => l.Contains("To write", StringComparison.Ordinal));
        Assert.True(prompt > heading && !lines[(heading + 1)..prompt].Any(l => l.StartsWith('#')), "No prompt under the root-cause heading:\n" + markdown);
        lines[prompt] = sentence;
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"^#+\s.*root cause", RegexOptions.IgnoreCase)]
    private static partial Regex RootCauseHeading();
}
