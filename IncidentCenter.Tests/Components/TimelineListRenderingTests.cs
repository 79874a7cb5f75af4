using AngleSharp.Html.Parser;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;

namespace IncidentCenter.Tests.Components;

/// <summary>The timeline as the server renders it (bUnit), without a browser.</summary>
public sealed class TimelineListRenderingTests : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync() => app = await TestApp.CreateAsync(migrate: false);

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static readonly DateTime Written = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    private static TimelineEntry Entry(int id, TimelineEntryKind kind, string text, DateTime? occurred = null, bool deleted = false, bool key = false) => new()
    {
        Id = id,
        IncidentId = 1,
        Kind = kind,
        Text = text,
        OccurredAt = occurred ?? Written,
        RecordedAt = Written,
        AuthorName = "Ada",
        IsDeleted = deleted,
        IsKeyEvent = key,
        EditedAt = deleted ? Written : null,
    };

    private async Task<AngleSharp.Html.Dom.IHtmlDocument> RenderAsync(IReadOnlyList<TimelineEntry> entries, bool canEdit)
    {
        // bUnit on the app's services; a responder who is not an Admin (no purge).
        await using var ui = IncidentBunit.Create(app.Services);
        var list = ui.RenderAs<TimelineList>(TestApp.Principal("rita"),
            (nameof(TimelineList.Entries), entries), (nameof(TimelineList.CanEdit), canEdit));
        return new HtmlParser().ParseDocument(list.Markup);
    }

    private static string[] Buttons(AngleSharp.Dom.IElement item) => item.QuerySelectorAll("button").Select(b => b.TextContent.Trim()).ToArray();

    [Fact]
    public async Task Deleted_entries_hide_their_text_and_offer_restore_and_history()
    {
        var doc = await RenderAsync([Entry(1, TimelineEntryKind.Note, "secret detail", deleted: true)], canEdit: true);
        var item = doc.QuerySelector("li[data-entry-id='1']")!;
        Assert.DoesNotContain("secret detail", item.TextContent);
        Assert.Contains("This entry was deleted.", item.TextContent);
        Assert.Contains("Restore", Buttons(item));
        Assert.Contains("deleted · history", Buttons(item));
    }

    [Fact]
    public async Task Viewers_get_no_edit_controls_and_system_entries_are_never_editable()
    {
        var entries = new[] { Entry(1, TimelineEntryKind.Note, "a note"), Entry(2, TimelineEntryKind.System, "State changed") };
        var asViewer = await RenderAsync(entries, canEdit: false);
        Assert.Empty(asViewer.QuerySelectorAll("li button"));

        var asResponder = await RenderAsync(entries, canEdit: true);
        Assert.Equal(["Edit", "Delete"], Buttons(asResponder.QuerySelector("li[data-entry-id='1']")!));
        Assert.Empty(Buttons(asResponder.QuerySelector("li[data-entry-id='2']")!));
    }

    [Fact]
    public async Task Backfilled_and_key_events_are_marked_and_times_are_utc()
    {
        var doc = await RenderAsync([Entry(1, TimelineEntryKind.Observation, "errors began", occurred: Written.AddMinutes(-30), key: true)], canEdit: false);
        var item = doc.QuerySelector("li[data-entry-id='1']")!;
        Assert.Contains("(backfilled)", item.TextContent);
        Assert.Contains("★ key", item.TextContent);
        Assert.Equal("2026-11-23 09:30 UTC", item.QuerySelector("time")!.TextContent);
        Assert.Contains("key", item.ClassList);
    }

    [Fact]
    public async Task Hostile_markdown_renders_as_text()
    {
        var doc = await RenderAsync([Entry(1, TimelineEntryKind.Note, "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>")], canEdit: false);
        var body = doc.QuerySelector("li[data-entry-id='1'] .markdown")!;
        Assert.Empty(body.QuerySelectorAll("script, img"));
        Assert.Contains("<script>alert(1)</script>", body.TextContent);
        Assert.All(body.QuerySelectorAll("a"), a => Assert.DoesNotContain("javascript", a.GetAttribute("href") ?? "", StringComparison.OrdinalIgnoreCase));
    }
}
