using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// A burst of typing is kept letter for letter in the boxes people type most in during an incident, and the page
/// never sets a box's text while someone types in it (MudTextField did, under CPU load: README "The interface").
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TypingBurstTests(SharedApp app)
{
    // Counts every time something other than the keyboard sets the focused box's text.
    private const string CountWrites = """
        () => {
            window.__writes = 0;
            const box = document.activeElement;
            const proto = box.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
            const d = Object.getOwnPropertyDescriptor(proto, 'value');
            Object.defineProperty(box, 'value', { get() { return d.get.call(this); }, set(v) { window.__writes++; d.set.call(this, v); } });
        }
        """;

    [Theory]
    [InlineData("Title")]
    [InlineData("Description (Markdown)")]
    [InlineData(Ui.TimelineBox)]
    public async Task A_burst_is_kept_letter_for_letter_and_the_page_never_writes_the_box(string label)
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        if (label == Ui.TimelineBox)
        {
            await page.DeclareAsync($"Burst target {Unique.Id()}", "SEV3");
        }
        else
        {
            await page.GotoAsync("/incidents/declare");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Declare an incident" })).ToBeFocusedAsync();
        }
        var box = page.GetByLabel(label, new() { Exact = true });
        await box.FocusAsync();
        await page.EvaluateAsync(CountWrites);
        var text = string.Join(" ", Enumerable.Range(0, 10).Select(i => $"word{i}abcdefgh{Unique.Id()}"));

        await page.Keyboard.TypeAsync(text);

        await Expect(box).ToHaveValueAsync(text);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__writes"));
    }

    // The moment the incident page appears, while its panels are still loading and rendering. With a render for
    // every keystroke's echo this lost letters under load (README "The interface": 3 of 40 loaded runs).
    [Fact]
    public async Task Typing_the_moment_the_incident_page_appears_keeps_every_letter()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        await page.DeclareAsync($"Landing burst {Unique.Id()}", "SEV3");
        var note = page.GetByLabel("Note for the next change (optional; needed to reopen)");
        await note.FocusAsync();
        await page.EvaluateAsync(CountWrites);
        var text = $"Rolled back the cache config and then some more words {Unique.Id()}";

        await page.Keyboard.TypeAsync(text);

        await Expect(note).ToHaveValueAsync(text);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__writes"));
    }
}
