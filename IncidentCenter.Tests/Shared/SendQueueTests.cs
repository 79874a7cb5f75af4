using System.Security.Claims;
using IncidentCenter.Shared;

namespace IncidentCenter.Tests.Shared;

public class SendQueueTests
{
    private sealed class Recorder
    {
        public List<string> Saved { get; } = [];
        public List<string> Attempts { get; } = [];
        public List<(string[] Unsaved, Exception Error)> Failures { get; } = [];
        public Dictionary<string, TaskCompletionSource> Gates { get; } = [];
        public HashSet<string> Failing { get; } = [];

        public SendQueue<string> Queue() => new(
            async item =>
            {
                Attempts.Add(item);
                if (Gates.TryGetValue(item, out var gate))
                {
                    await gate.Task;
                }
                if (Failing.Contains(item))
                {
                    throw new InvalidOperationException($"refused {item}");
                }
            },
            item => { Saved.Add(item); return Task.CompletedTask; },
            (unsaved, ex) => { Failures.Add(([.. unsaved], ex)); return Task.CompletedTask; });
    }

    [Fact]
    public async Task Sends_made_while_a_save_is_in_flight_are_all_saved_after_it_in_order()
    {
        var r = new Recorder();
        var gate = new TaskCompletionSource();
        r.Gates["one"] = gate;
        var queue = r.Queue();

        var first = queue.EnqueueAsync("one");
        // The first save is still running: these must neither wait nor be dropped.
        var second = queue.EnqueueAsync("two");
        var third = queue.EnqueueAsync("three");
        Assert.True(second.IsCompleted);
        Assert.True(third.IsCompleted);
        Assert.Equal(["one", "two", "three"], queue.Pending);
        Assert.Equal(["one"], r.Attempts);

        gate.SetResult();
        await first;

        Assert.Equal(["one", "two", "three"], r.Saved);
        Assert.Empty(queue.Pending);
        Assert.False(queue.IsSaving);
    }

    [Fact]
    public async Task A_failed_save_hands_back_it_and_everything_queued_behind_it_in_order()
    {
        var r = new Recorder();
        var gate = new TaskCompletionSource();
        r.Gates["one"] = gate;
        r.Failing.Add("two");
        var queue = r.Queue();

        var first = queue.EnqueueAsync("one");
        await queue.EnqueueAsync("two");
        await queue.EnqueueAsync("three");
        gate.SetResult();
        await first;

        Assert.Equal(["one"], r.Saved);
        var failure = Assert.Single(r.Failures);
        Assert.Equal(["two", "three"], failure.Unsaved);
        Assert.Equal("refused two", failure.Error.Message);
        Assert.Empty(queue.Pending);

        // The queue works again afterwards.
        await queue.EnqueueAsync("four");
        Assert.Equal(["one", "four"], r.Saved);
    }

    [Fact]
    public async Task A_saved_item_counts_as_pending_until_the_box_has_been_cleared_of_it()
    {
        List<string[]> pendingWhileClearing = [];
        SendQueue<string>? queue = null;
        queue = new(
            _ => Task.CompletedTask,
            _ => { pendingWhileClearing.Add([.. queue!.Pending]); return Task.CompletedTask; },
            (_, _) => Task.CompletedTask);

        await queue.EnqueueAsync("one");

        Assert.Equal(["one"], Assert.Single(pendingWhileClearing));
        Assert.Empty(queue.Pending);
    }

    [Fact]
    public void Unsent_skips_what_is_still_being_saved_at_the_start_of_the_box()
    {
        Assert.Equal("third", DraftText.Unsent("first\nsecond\n\nthird ", ["first", "second"]));
        Assert.Equal("all of it", DraftText.Unsent("  all of it  ", []));
    }

    [Fact]
    public void Unsent_takes_the_whole_box_when_it_was_replaced_while_saving()
    {
        // Pasting over the box (select all, paste) while "first" is being saved.
        Assert.Equal("second", DraftText.Unsent("second", ["first"]));
        // Sending the same text twice does not queue it twice.
        Assert.Equal("", DraftText.Unsent("second", ["first", "second"]));
    }

    [Fact]
    public void AfterSave_removes_only_the_saved_text_and_keeps_what_was_typed_meanwhile()
    {
        Assert.Equal("", DraftText.AfterSave("Rolled back", "Rolled back"));
        Assert.Equal("Next entry being typ", DraftText.AfterSave("Rolled back\n\nNext entry being typ", "Rolled back"));
        // Replaced or edited while saving: nothing is removed.
        Assert.Equal("Something else", DraftText.AfterSave("Something else", "Rolled back"));
        Assert.Equal("Rolled forward", DraftText.AfterSave("Rolled forward", "Rolled back"));
    }

    [Fact]
    public void WithUnsaved_puts_failed_text_that_left_the_box_back_in_front_in_order()
    {
        Assert.Equal("one\n\ntwo\n\ntyping", DraftText.WithUnsaved("typing", ["one", "two"]));
        Assert.Equal("one", DraftText.WithUnsaved("", ["one"]));
        // Still in the box: not doubled.
        Assert.Equal("one\n\ntwo", DraftText.WithUnsaved("one\n\ntwo", ["one", "two"]));
        Assert.Equal("one\n\ntwo", DraftText.WithUnsaved("two", ["one", "two"]));
    }

    [Fact]
    public void Browser_draft_keys_belong_to_the_signed_in_person_and_anonymous_keeps_none()
    {
        static ClaimsPrincipal Signed(string id) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], "test"));

        Assert.Equal("a1:timeline:7", BrowserDrafts.Key(Signed("a1"), "timeline:7"));
        Assert.NotEqual(BrowserDrafts.Key(Signed("a1"), "timeline:7"), BrowserDrafts.Key(Signed("b2"), "timeline:7"));
        Assert.Null(BrowserDrafts.Key(new ClaimsPrincipal(new ClaimsIdentity()), "timeline:7"));
        Assert.Equal("a1", BrowserDrafts.OwnerOf(Signed("a1")));
    }
}
