using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

[Collection(AppCollection.Name)]
public sealed class MarkdownSafetyTests(SharedApp app)
{
    private const string ScriptTag = "<script>window.__pwned=1</script>";
    private const string ImageTag = "<img src=x onerror=\"window.__pwned=1\">";
    private const string JavascriptLink = "[click](javascript:window.__pwned=1)";

    [Fact]
    public async Task Hostile_markdown_in_a_timeline_entry_shows_as_text_and_runs_nothing()
    {
        await using var responderContext = await app.NewContextAsync(app.Responder);
        await using var viewerContext = await app.NewContextAsync(app.Viewer);
        var responder = await responderContext.NewPageAsync();
        var viewer = await viewerContext.NewPageAsync();
        var reference = await responder.DeclareAsync($"Hostile markdown {Unique.Id()}", "SEV4");
        await viewer.GotoAsync($"/incidents/{reference}");
        await Expect(viewer.Timeline()).ToContainTextAsync("Incident declared");

        await responder.AddTimelineEntryAsync($"{ScriptTag}\n\n{ImageTag}\n\n{JavascriptLink}");

        var entry = viewer.Timeline().GetByRole(AriaRole.Listitem).Filter(new() { HasText = "window.__pwned" });
        await Expect(entry).ToContainTextAsync(ScriptTag);
        await Expect(entry).ToContainTextAsync(ImageTag);
        await Expect(viewer.Locator("ol.timeline script")).ToHaveCountAsync(0);
        await Expect(viewer.Locator("ol.timeline img")).ToHaveCountAsync(0);
        await Expect(viewer.Locator("[onerror]")).ToHaveCountAsync(0);

        var link = entry.GetByRole(AriaRole.Link, new() { Name = "click" });
        await Expect(link).ToBeVisibleAsync();
        Assert.DoesNotContain("javascript", await link.GetAttributeAsync("href") ?? "", StringComparison.OrdinalIgnoreCase);
        // The disarmed link is an in-app link; the same window lives on after the click.
        await viewer.MarkWindowAsync();
        await link.ClickAsync();
        await viewer.AssertNotReloadedAsync();
        Assert.Equal("undefined", await viewer.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Equal("undefined", await responder.EvaluateAsync<string>("() => typeof window.__pwned"));
    }
}
