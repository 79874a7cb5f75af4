using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;

namespace IncidentCenter.Tests.Postmortems;

/// <summary>The editor's text rules, called directly: what a save, a conflict and an action may replace.</summary>
public sealed class PostmortemDraftTests
{
    private static PostmortemView View(string markdown, int version, PostmortemState state = PostmortemState.Draft) =>
        new(1, "INC-1", "Checkout down", Severity.Sev1, IncidentState.Resolved, state, markdown, version, 1, "Default",
            new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc), "Alice", null, null, []);

    [Fact]
    public void A_new_copy_replaces_the_text_only_when_nothing_is_unsaved()
    {
        var draft = new PostmortemDraft();
        Assert.True(draft.Adopt(View("v1", 1)));
        Assert.False(draft.Dirty);

        draft.Markdown = "v1 and my edit";
        Assert.True(draft.Dirty);
        Assert.False(draft.Adopt(View("v2 from Bob", 2)));
        Assert.Equal("v1 and my edit", draft.Markdown);
        Assert.Equal(1, draft.BaseVersion);
        Assert.Equal(2, draft.View!.Version);
    }

    [Fact]
    public void A_save_clears_only_what_it_saved()
    {
        var draft = new PostmortemDraft();
        draft.Adopt(View("v1", 1));
        draft.Markdown = "sent";
        draft.Markdown = "sent and typed while saving";
        draft.Saved("sent", View("sent", 2));
        Assert.True(draft.Dirty);
        Assert.Equal(2, draft.BaseVersion);
        Assert.Equal("sent and typed while saving", draft.Markdown);
    }

    [Fact]
    public void A_conflict_keeps_the_text_and_moves_to_the_current_version()
    {
        var draft = new PostmortemDraft();
        draft.Adopt(View("v1", 1));
        draft.Markdown = "mine";
        draft.Conflict(View("theirs", 5));
        Assert.Equal("mine", draft.Markdown);
        Assert.Equal(5, draft.BaseVersion);
        Assert.True(draft.Dirty);
    }

    [Fact]
    public void An_action_result_is_taken_unless_the_person_typed_while_it_ran()
    {
        var draft = new PostmortemDraft();
        draft.Adopt(View("v1", 1));
        Assert.True(draft.ActionDone("v1", View("v1", 2, PostmortemState.InReview)));
        Assert.Equal(PostmortemState.InReview, draft.View!.State);
        Assert.False(draft.Dirty);

        draft.Markdown = "typed meanwhile";
        Assert.False(draft.ActionDone("v1", View("v1 refreshed", 3)));
        Assert.Equal("typed meanwhile", draft.Markdown);
        Assert.Equal(3, draft.View!.Version);
    }

    [Fact]
    public void A_browser_copy_comes_back_only_over_saved_text()
    {
        var draft = new PostmortemDraft();
        draft.Adopt(View("v1", 1));
        Assert.False(draft.Restore(null));
        Assert.False(draft.Restore("v1"));
        Assert.True(draft.Restore("kept in the browser"));
        Assert.True(draft.Dirty);
        Assert.False(draft.Restore("another copy"));
        Assert.Equal("kept in the browser", draft.Markdown);
    }
}
