using IncidentCenter.Postmortems;

namespace IncidentCenter.Tests.Postmortems;

public class BlamelessHintsTests
{
    [Theory]
    [InlineData("It was Bob's fault.", "Bob's fault")]
    [InlineData("We should not blame the tooling", "blame")]
    [InlineData("She should have known the flag was on.", "should have known")]
    [InlineData("A careless deploy", "careless")]
    [InlineData("Root cause: human error.", "human error")]
    [InlineData("Then Dave forgot to renew the certificate", "Dave forgot to")]
    [InlineData("the engineer failed to check the dashboard", "the engineer failed to")]
    [InlineData("This was negligent", "negligent")]
    [InlineData("A stupid mistake", "stupid")]
    public void Blaming_wording_is_flagged_with_its_line(string sentence, string phrase)
    {
        var hint = Assert.Single(BlamelessHints.Find($"# Post-mortem\n\n{sentence}\n"));

        Assert.Equal(3, hint.Line);
        Assert.Equal(phrase, hint.Phrase, ignoreCase: true);
        Assert.NotEmpty(hint.Suggestion);
    }

    [Fact]
    public void Neutral_wording_and_the_default_templates_pass()
    {
        Assert.Empty(BlamelessHints.Find("The deploy failed to start.\nA blameless review.\nThe check was missing, so the error was easy to make.\n"));
        Assert.Empty(BlamelessHints.Find(DefaultTemplates.Full));
        Assert.Empty(BlamelessHints.Find(DefaultTemplates.Short));
    }

    // Before the non-backtracking engine, each of these took hours (quadratic in the line's length).
    [Theory]
    [InlineData("a-")]
    [InlineData("A-")]
    [InlineData("Ab'")]
    public async Task A_one_megabyte_hostile_post_mortem_gets_its_hints_in_linear_time(string unit)
    {
        var line = string.Concat(Enumerable.Repeat(unit, 1_000_000 / unit.Length));
        var blamed = string.Concat(Enumerable.Repeat("a-", 500_000)) + "a's fault";
        var markdown = $"# Post-mortem\n\n{line}\nIt was human error.\n{blamed}\n";

        // Linear time is a fraction of a second; the quadratic scan never finished within the bound.
        var scan = Task.Run(() => BlamelessHints.Find(markdown));
        var finished = await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(20)));

        Assert.Same(scan, finished);
        var hints = await scan;
        Assert.Contains(hints, h => h.Line == 4 && h.Phrase == "human error");
        var fault = Assert.Single(hints, h => h.Line == 5);
        Assert.EndsWith("'s fault", fault.Phrase);
        Assert.True(fault.Phrase.Length <= BlamelessHints.MaxPhraseLength);
    }

    [Fact]
    public void A_text_full_of_blame_lists_a_bounded_number_of_hints()
    {
        var markdown = string.Concat(Enumerable.Repeat("It was human error.\n", 10_000));

        Assert.Equal(BlamelessHints.MaxHints, BlamelessHints.Find(markdown).Count);
    }

    [Fact]
    public async Task The_worker_delivers_the_hints_of_the_newest_text_only()
    {
        var delivered = new List<IReadOnlyList<BlameHint>>();
        var last = new TaskCompletionSource<IReadOnlyList<BlameHint>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var worker = new BlameHintsWorker(TimeProvider.System, hints =>
        {
            lock (delivered)
            {
                delivered.Add(hints);
            }
            if (hints.Any(h => h.Phrase == "careless"))
            {
                last.TrySetResult(hints);
            }
            return Task.CompletedTask;
        }, ex => { last.TrySetException(ex); return Task.CompletedTask; }, TimeSpan.FromMilliseconds(50));

        worker.Request("It was human error.");
        worker.Request("It was human error. Somebody was lazy.");
        worker.Request("A careless deploy.");

        var hints = await last.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("careless", Assert.Single(hints).Phrase);
        // Whatever arrived before, nothing older arrives after the newest text's hints.
        lock (delivered)
        {
            Assert.Same(hints, delivered[^1]);
        }
    }
}
