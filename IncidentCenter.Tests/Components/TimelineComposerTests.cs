using Bunit;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.AspNetCore.Components.Web;

namespace IncidentCenter.Tests.Components;

/// <summary>
/// The timeline composer driven as a person drives it (type, click, Ctrl+Enter), saving to the real
/// SQLite file. The browser's side of the drafts (wwwroot/js/drafts.js) is the faked JS interop: it
/// answers with what the box holds, and the tests check what the composer asks it to leave there.
/// </summary>
public sealed class TimelineComposerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private TestApp _app = null!;
    private TestUser _rita = null!;
    private int _incidentId;
    private BunitContext _ui = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _rita = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        _incidentId = (await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Checkout is failing", Severity = Severity.Sev2 })).Id;
        _ui = IncidentBunit.Create(_app.Services);
    }

    public async Task DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _app.DisposeAsync();
    }

    private IRenderedComponent<TimelineComposer> Render(TestUser user, string? storedDraft = null, string? boxInBrowser = null)
    {
        _ui.JSInterop.Setup<string?>("incidentDrafts.load", _ => true).SetResult(storedDraft);
        _ui.JSInterop.Setup<string?>("incidentDrafts.read", _ => true).SetResult(boxInBrowser);
        _ui.JSInterop.Setup<bool>("incidentDrafts.swap", _ => true).SetResult(true);
        return _ui.RenderAs<TimelineComposer>(user.Principal, (nameof(TimelineComposer.IncidentId), _incidentId));
    }

    private static void Press(IRenderedComponent<TimelineComposer> composer, string button) =>
        composer.FindAll("button").Single(b => b.TextContent.Trim() == button).Click();

    private async Task<IReadOnlyList<TimelineEntry>> NotesAsync() =>
        (await _app.Timeline.ListAsync(_rita.Principal, _incidentId)).Where(e => e.Kind != TimelineEntryKind.System).ToList();

    private async Task<IReadOnlyList<TimelineEntry>> WaitForNotesAsync(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var notes = await NotesAsync();
            if (notes.Count >= count)
            {
                return notes;
            }
            await Task.Delay(25);
        }
        return await NotesAsync();
    }

    /// <summary>What the composer last asked the browser to leave in the box (drafts.js swap: expected, next).</summary>
    private (string Expected, string Next) LastSwap()
    {
        var swap = _ui.JSInterop.Invocations["incidentDrafts.swap"].Last();
        return ((string)swap.Arguments[2]!, (string)swap.Arguments[3]!);
    }

    [Fact]
    public async Task Typing_and_clicking_Add_saves_the_entry_with_its_options_and_empties_the_box_of_it()
    {
        var composer = Render(_rita, boxInBrowser: "Rolled back `payments-api` v2.31.");

        composer.Find("textarea").Input("Rolled back `payments-api` v2.31.");
        composer.Find("input[type=checkbox]").Change(true);
        Press(composer, "Add to timeline");

        var saved = Assert.Single(await WaitForNotesAsync(1));
        Assert.Equal("Rolled back `payments-api` v2.31.", saved.Text);
        Assert.True(saved.IsKeyEvent);
        Assert.Equal("Rita Responder", saved.AuthorName);
        composer.WaitForAssertion(() => Assert.Equal(("Rolled back `payments-api` v2.31.", ""), LastSwap()), Patience);
        // The options go back to their defaults once what they held is saved.
        composer.WaitForAssertion(() => Assert.False(composer.Find("input[type=checkbox]").HasAttribute("checked")), Patience);
    }

    [Fact]
    public async Task Text_typed_while_the_entry_was_saving_stays_in_the_box()
    {
        // The browser's box already holds a second line typed after pressing Add.
        var composer = Render(_rita, boxInBrowser: "First finding\nSecond thought");

        composer.Find("textarea").Input("First finding");
        Press(composer, "Add to timeline");

        Assert.Equal("First finding", Assert.Single(await WaitForNotesAsync(1)).Text);
        composer.WaitForAssertion(() => Assert.Equal(("First finding\nSecond thought", "Second thought"), LastSwap()), Patience);
    }

    [Fact]
    public async Task Ctrl_Enter_sends_and_a_plain_Enter_does_not()
    {
        var composer = Render(_rita, boxInBrowser: "Paged the database on-call.");
        var box = composer.Find("textarea");
        box.Input("Paged the database on-call.");

        box.KeyDown(new KeyboardEventArgs { Key = "Enter" });
        Assert.Empty(await NotesAsync());

        composer.Find("textarea").KeyDown(new KeyboardEventArgs { Key = "Enter", CtrlKey = true });
        Assert.Equal("Paged the database on-call.", Assert.Single(await WaitForNotesAsync(1)).Text);
    }

    [Fact]
    public async Task An_empty_box_is_refused_next_to_the_field_and_nothing_is_saved()
    {
        var composer = Render(_rita);

        Press(composer, "Add to timeline");

        composer.WaitForAssertion(() => Assert.Contains("Write something first.", composer.Find(".composer").TextContent), Patience);
        Assert.Empty(await NotesAsync());
        // Typing clears the message.
        composer.Find("textarea").Input("x");
        composer.WaitForAssertion(() => Assert.DoesNotContain("Write something first.", composer.Markup), Patience);
    }

    [Fact]
    public async Task Add_pressed_before_the_browser_has_handed_back_the_draft_saves_that_draft()
    {
        // Right after a reload the box is back before the draft kept in the browser is: a hurried
        // click on Add waits for it instead of refusing an "empty" box.
        var load = _ui.JSInterop.Setup<string?>("incidentDrafts.load", _ => true);
        _ui.JSInterop.Setup<string?>("incidentDrafts.read", _ => true).SetResult("Failover to the replica finished.");
        _ui.JSInterop.Setup<bool>("incidentDrafts.swap", _ => true).SetResult(true);
        var composer = _ui.RenderAs<TimelineComposer>(_rita.Principal, (nameof(TimelineComposer.IncidentId), _incidentId));

        Press(composer, "Add to timeline");
        Assert.Empty(await NotesAsync());
        load.SetResult("Failover to the replica finished.");

        Assert.Equal("Failover to the replica finished.", Assert.Single(await WaitForNotesAsync(1)).Text);
        Assert.DoesNotContain("Write something first.", composer.Markup);
    }

    [Fact]
    public async Task A_backfilled_time_is_checked_in_its_field_and_saved_as_UTC()
    {
        var composer = Render(_rita, boxInBrowser: "Errors began in eu-west.");
        composer.Find("textarea").Input("Errors began in eu-west.");
        var time = composer.Find("input[type=datetime-local]");
        Assert.Contains("UTC", composer.Find($"label[for='{time.Id}']").TextContent);

        composer.Find("input[type=datetime-local]").Input("not a time");
        composer.WaitForAssertion(() => Assert.Contains("Not a valid date and time.", composer.Markup), Patience);
        Press(composer, "Add to timeline");
        Assert.Empty(await NotesAsync());

        composer.Find("input[type=datetime-local]").Input("2026-11-23T09:30");
        Press(composer, "Add to timeline");

        var saved = Assert.Single(await WaitForNotesAsync(1));
        Assert.Equal(new DateTime(2026, 11, 23, 9, 30, 0, DateTimeKind.Utc), saved.OccurredAt);
    }

    [Fact]
    public void A_draft_kept_in_the_browser_is_put_back_in_the_box()
    {
        var composer = Render(_rita, storedDraft: "Half-written note about the cache");

        composer.WaitForAssertion(() => Assert.Equal("Half-written note about the cache", composer.Find("textarea").GetAttribute("value")), Patience);
        Assert.Contains("Your unsaved draft was restored.", composer.Markup);
        // The box is the one drafts.js watches, under this person's key.
        Assert.Equal($"{_rita.Id}:timeline:{_incidentId}", composer.Find("textarea").GetAttribute("data-draft-key"));
    }

    [Fact]
    public async Task A_refusal_from_the_server_keeps_the_text_in_the_box()
    {
        // A Viewer never gets the composer; if one sends anyway, the service refuses and nothing is lost.
        var vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        var composer = Render(vera, boxInBrowser: "");

        composer.Find("textarea").Input("Sneaky note");
        Press(composer, "Add to timeline");

        composer.WaitForAssertion(() => Assert.Contains("The entry is still in the box.", composer.Find("[role=alert]").TextContent), Patience);
        Assert.Equal(("", "Sneaky note"), LastSwap());
        Assert.Empty(await NotesAsync());
    }
}
