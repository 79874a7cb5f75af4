using IncidentCenter.Tests.Support;
using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Shared;
using IncidentCenter.Timeline;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Postmortems;

public class PostmortemWorkflowTests : IAsyncLifetime
{
    private PostmortemScenario _s = null!;
    private PostmortemView _draft = null!;

    public async Task InitializeAsync()
    {
        _s = await PostmortemScenario.CreateAsync();
        _draft = await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId);
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private PostmortemService Service => _s.Postmortems;

    [Fact]
    public async Task Refresh_keeps_hand_edits_byte_for_byte_and_adds_a_late_entry()
    {
        var edited = _draft.Markdown
            .Replace("> ✍ To write: why it happened. Keep asking \"why\" until you reach something the team can change; describe systems and conditions, not people.",
                "A config push removed the card processor's credentials.\r\nNobody could have seen it: the check was missing.")
            + "\n## Appendix\n\nGraphs   with trailing spaces   \n";
        var saved = await Service.SaveAsync(_s.Alice.Principal, _s.IncidentId, _draft.Version, edited);
        _s.App.Clock.Advance(TimeSpan.FromHours(2));
        await _s.AddEntryAsync("Vendor confirmed the outage on their side", key: true, occurredAt: _s.DeclaredAt.AddMinutes(30));

        var refreshed = await Service.RefreshGeneratedAsync(_s.Bob.Principal, _s.IncidentId, saved.Version);

        Assert.Contains("| 2026-11-23 10:30 UTC | Vendor confirmed the outage on their side | Alice Responder | entered by a person |",
            PostmortemMarkdown.Sections(refreshed.Markdown)["timeline"]);
        Assert.Equal(Outside(saved.Markdown), Outside(refreshed.Markdown));
        Assert.Contains("A config push removed the card processor's credentials.\nNobody could have seen it", refreshed.Markdown);
        Assert.EndsWith("Graphs   with trailing spaces   \n", refreshed.Markdown);
        Assert.Equal(RevisionReasons.Refreshed, (await Service.RevisionsAsync(_s.Alice.Principal, _s.IncidentId))[0].Reason);
    }

    /// <summary>Everything outside the generated sections and front matter.</summary>
    private static string Outside(string markdown)
    {
        var lines = markdown.Split('\n');
        var kept = new List<string>();
        var inside = false;
        var start = Array.IndexOf(lines, "---", 1) + 1;
        foreach (var line in lines[start..])
        {
            if (PostmortemMarkdown.OpenName(line) is not null)
            {
                inside = true;
            }
            if (!inside)
            {
                kept.Add(line);
            }
            if (PostmortemMarkdown.CloseName(line) is not null)
            {
                inside = false;
            }
        }
        return string.Join('\n', kept);
    }

    [Fact]
    public async Task Refresh_updates_the_front_matter_and_leaves_a_removed_section_removed()
    {
        var withoutRoles = _draft.Markdown.Replace(
            "## Response team\n\n" + PostmortemMarkdown.Open("roles") + "\n\n- Incident Commander: Alice Responder\n- Communications Lead: Bob Responder\n\n" + PostmortemMarkdown.Close("roles") + "\n", "");
        Assert.NotEqual(_draft.Markdown, withoutRoles);
        var saved = await Service.SaveAsync(_s.Alice.Principal, _s.IncidentId, _draft.Version, withoutRoles);
        await _s.App.Incidents.UpdateDetailsAsync(_s.Alice.Principal, _s.IncidentId, await _s.IncidentVersionAsync(),
            new UpdateIncidentDetails { Title = "Checkout down", NewServiceNames = ["payments", "checkout", "api"] });

        var refreshed = await Service.RefreshGeneratedAsync(_s.Alice.Principal, _s.IncidentId, saved.Version);

        Assert.Contains("title: \"Checkout down\"\n", refreshed.Markdown);
        Assert.Contains("services: [\"api\", \"checkout\", \"payments\"]\n", refreshed.Markdown);
        Assert.DoesNotContain("generated:roles", refreshed.Markdown);
    }

    [Fact]
    public void Merge_leaves_broken_markers_alone()
    {
        const string current = "intro\n<!-- generated:a -->\nold\n(the closing marker was deleted)\n";
        const string fresh = "intro\n<!-- generated:a -->\nnew\n<!-- /generated:a -->\n";
        Assert.Equal(current, PostmortemMarkdown.MergeGenerated(current, fresh));
    }

    [Fact]
    public async Task Draft_to_review_to_published_closes_the_incident_in_one_go()
    {
        var changes = new List<IncidentChanged>();
        using var subscription = _s.App.Services.GetRequiredService<IncidentNotifier>().Subscribe(_s.IncidentId, c => { changes.Add(c); return Task.CompletedTask; });
        Assert.Contains(_draft.PublishBlockers, b => b.Contains("review first"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Service.PublishAsync(_s.Alice.Principal, _s.IncidentId, _draft.Version));
        var incidentVersion = await _s.IncidentVersionAsync();

        var review = await Service.RequestReviewAsync(_s.Alice.Principal, _s.IncidentId, _draft.Version);
        Assert.Equal(PostmortemState.InReview, review.State);
        Assert.Empty(review.PublishBlockers);
        _s.App.Clock.Advance(TimeSpan.FromHours(1));
        var published = await Service.PublishAsync(_s.Bob.Principal, _s.IncidentId, review.Version);

        Assert.Equal(PostmortemState.Published, published.State);
        Assert.Equal(_s.App.Clock.UtcNow, published.PublishedAt);
        Assert.Equal(IncidentState.Closed, published.IncidentState);
        var detail = await _s.App.Queries.GetAsync(_s.Vera.Principal, _s.IncidentId);
        Assert.Equal(IncidentState.Closed, detail.Incident.State);
        Assert.False(detail.Incident.IsOpen);
        Assert.Equal(_s.App.Clock.UtcNow, detail.Incident.ClosedAt);
        Assert.Equal(incidentVersion + 1, detail.Incident.Version);
        var last = detail.StateChanges[^1];
        Assert.Equal((IncidentState.Resolved, IncidentState.Closed), (last.From!.Value, last.To));
        var timeline = await _s.App.Timeline.ListAsync(_s.Vera.Principal, _s.IncidentId);
        Assert.Contains(timeline, t => t.Kind == TimelineEntryKind.System && t.Text.Contains("Resolved to Closed") && t.Text.Contains("post-mortem was published"));
        Assert.Contains(changes, c => c.Kind == IncidentChangeKind.Updated);

        await Assert.ThrowsAsync<ValidationFailedException>(() => Service.SaveAsync(_s.Alice.Principal, _s.IncidentId, published.Version, "changed"));
        Assert.Empty(await Service.DueAsync(_s.Vera.Principal));
    }

    [Fact]
    public async Task Return_to_draft_from_review()
    {
        var review = await Service.RequestReviewAsync(_s.Alice.Principal, _s.IncidentId, _draft.Version);
        var draft = await Service.ReturnToDraftAsync(_s.Bob.Principal, _s.IncidentId, review.Version);

        Assert.Equal(PostmortemState.Draft, draft.State);
        await Assert.ThrowsAsync<ValidationFailedException>(() => Service.ReturnToDraftAsync(_s.Bob.Principal, _s.IncidentId, draft.Version));
    }

    [Fact]
    public async Task A_SEV1_cannot_be_published_while_an_action_item_lacks_an_owner_or_a_due_date()
    {
        var item = await _s.ActionItems.AddAsync(_s.Alice.Principal, _s.IncidentId, "Add a config check", _s.Bob.Id, null);
        var review = await Service.RequestReviewAsync(_s.Alice.Principal, _s.IncidentId, _draft.Version);
        Assert.Equal(["Action item \"Add a config check\" needs a due date: every action item of a SEV1 incident has both before publishing."], review.PublishBlockers);
        var before = await _s.App.SnapshotAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.PublishAsync(_s.Alice.Principal, _s.IncidentId, review.Version));
        Assert.Contains("needs a due date", refused.Message);
        Assert.Equal(before, await _s.App.SnapshotAsync());

        await _s.ActionItems.UpdateAsync(_s.Alice.Principal, item.Id, item.Version, item.Title, _s.Bob.Id, new DateOnly(2026, 12, 1), ActionItemState.Open);
        Assert.Equal(PostmortemState.Published, (await Service.PublishAsync(_s.Alice.Principal, _s.IncidentId, review.Version)).State);
    }

    [Fact]
    public async Task A_SEV3_can_be_published_with_incomplete_action_items()
    {
        await using var s = await PostmortemScenario.CreateAsync(Severity.Sev3);
        var draft = await s.Postmortems.GenerateAsync(s.Alice.Principal, s.IncidentId);
        await s.ActionItems.AddAsync(s.Alice.Principal, s.IncidentId, "Someday", null, null);
        var review = await s.Postmortems.RequestReviewAsync(s.Alice.Principal, s.IncidentId, draft.Version);
        Assert.Empty(review.PublishBlockers);
    }

    [Fact]
    public async Task Every_save_keeps_a_revision_and_restore_adds_one()
    {
        var v1 = await Service.SaveAsync(_s.Alice.Principal, _s.IncidentId, _draft.Version, _draft.Markdown + "\nFirst edit\n");
        var v2 = await Service.SaveAsync(_s.Alice.Principal, _s.IncidentId, v1.Version, _draft.Markdown + "\nSecond edit\n");
        var revisions = await Service.RevisionsAsync(_s.Vera.Principal, _s.IncidentId);
        Assert.Equal([3, 2, 1], revisions.Select(r => r.Number));
        Assert.Equal([RevisionReasons.Saved, RevisionReasons.Saved, RevisionReasons.Generated], revisions.Select(r => r.Reason));

        var first = revisions.Single(r => r.Number == 2);
        Assert.EndsWith("First edit\n", await Service.RevisionMarkdownAsync(_s.Vera.Principal, first.Id));
        var restored = await Service.RestoreRevisionAsync(_s.Bob.Principal, _s.IncidentId, v2.Version, first.Id);

        Assert.EndsWith("First edit\n", restored.Markdown);
        var after = await Service.RevisionsAsync(_s.Vera.Principal, _s.IncidentId);
        Assert.Equal((4, RevisionReasons.Restored, "Bob Responder"), (after[0].Number, after[0].Reason, after[0].SavedByName));
        var diff = LineDiff.Compare(v2.Markdown, restored.Markdown);
        Assert.Equal([new DiffLine('-', "Second edit"), new DiffLine('+', "First edit")], diff.Where(d => d.Kind != ' '));
    }

    [Fact]
    public async Task Autosaves_by_one_person_within_five_minutes_share_a_revision()
    {
        var a = await Service.SaveAsync(_s.Alice.Principal, _s.IncidentId, _draft.Version, _draft.Markdown + "a", autosave: true);
        _s.App.Clock.Advance(TimeSpan.FromMinutes(2));
        var b = await Service.SaveAsync(_s.Alice.Principal, _s.IncidentId, a.Version, _draft.Markdown + "ab", autosave: true);
        var unchanged = await Service.SaveAsync(_s.Alice.Principal, _s.IncidentId, b.Version, _draft.Markdown + "ab", autosave: true);
        Assert.Equal(b.Version, unchanged.Version);
        _s.App.Clock.Advance(TimeSpan.FromMinutes(6));
        var c = await Service.SaveAsync(_s.Alice.Principal, _s.IncidentId, b.Version, _draft.Markdown + "abc", autosave: true);
        var d = await Service.SaveAsync(_s.Bob.Principal, _s.IncidentId, c.Version, _draft.Markdown + "abcd", autosave: true);

        var revisions = await Service.RevisionsAsync(_s.Alice.Principal, _s.IncidentId);
        Assert.Equal([RevisionReasons.Autosaved, RevisionReasons.Autosaved, RevisionReasons.Autosaved, RevisionReasons.Generated], revisions.Select(r => r.Reason));
        Assert.EndsWith("ab", await Service.RevisionMarkdownAsync(_s.Alice.Principal, revisions[2].Id));
        Assert.Equal(4, d.Version);
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_nothing_is_written()
    {
        await Service.SaveAsync(_s.Alice.Principal, _s.IncidentId, _draft.Version, _draft.Markdown + "\nAlice\n");
        var before = await _s.App.SnapshotAsync();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Service.SaveAsync(_s.Bob.Principal, _s.IncidentId, _draft.Version, _draft.Markdown + "\nBob\n"));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Service.RefreshGeneratedAsync(_s.Bob.Principal, _s.IncidentId, _draft.Version));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Service.RequestReviewAsync(_s.Bob.Principal, _s.IncidentId, _draft.Version));

        Assert.Equal(before, await _s.App.SnapshotAsync());
    }

    [Fact]
    public async Task Due_lists_unpublished_SEV1_and_SEV2_post_mortems_48_hours_after_resolution()
    {
        var resolvedAt = _s.App.Clock.UtcNow;
        var due = Assert.Single(await Service.DueAsync(_s.Vera.Principal));
        Assert.Equal((_s.IncidentId, PostmortemState.Draft, resolvedAt.AddHours(48), false), (due.IncidentId, due.State, due.DueAt, due.Overdue));

        _s.App.Clock.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1));
        Assert.True(Assert.Single(await Service.DueAsync(_s.Vera.Principal)).Overdue);

        await using var minor = await PostmortemScenario.CreateAsync(Severity.Sev3);
        Assert.Empty(await minor.Postmortems.DueAsync(minor.Vera.Principal));
        await using var open = await PostmortemScenario.CreateAsync(Severity.Sev2, resolve: false);
        Assert.Empty(await open.Postmortems.DueAsync(open.Vera.Principal));
        await using var none = await PostmortemScenario.CreateAsync(Severity.Sev2);
        Assert.Null(Assert.Single(await none.Postmortems.DueAsync(none.Vera.Principal)).State);
    }

    [Fact]
    public async Task Open_action_items_across_incidents_list_overdue_first()
    {
        var later = await _s.ActionItems.AddAsync(_s.Alice.Principal, _s.IncidentId, "Later", _s.Bob.Id, new DateOnly(2026, 12, 31));
        var overdue = await _s.ActionItems.AddAsync(_s.Alice.Principal, _s.IncidentId, "Overdue", _s.Bob.Id, new DateOnly(2026, 11, 1));
        var undated = await _s.ActionItems.AddAsync(_s.Alice.Principal, _s.IncidentId, "Undated", null, null);
        var done = await _s.ActionItems.AddAsync(_s.Alice.Principal, _s.IncidentId, "Done", null, null);
        await _s.ActionItems.UpdateAsync(_s.Alice.Principal, done.Id, 0, "Done", null, null, ActionItemState.Done);

        var open = await _s.ActionItems.ListOpenAsync(_s.Vera.Principal);

        Assert.Equal([overdue.Id, later.Id, undated.Id], open.Select(a => a.Id));
        Assert.True(open[0].Overdue);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _s.ActionItems.UpdateAsync(_s.Alice.Principal, done.Id, 0, "x", null, null, ActionItemState.Open));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _s.ActionItems.AddAsync(_s.Alice.Principal, _s.IncidentId, "Viewer owns it", _s.Vera.Id, null));
    }
}
