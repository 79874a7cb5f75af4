using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Tests.Timeline;

public class TimelineServiceTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _alice = null!;
    private TestUser _bob = null!;
    private TestUser _vera = null!;
    private int _incidentId;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _alice = await _app.CreateUserAsync("Alice Responder", AppRoles.Responder);
        _bob = await _app.CreateUserAsync("Bob Responder", AppRoles.Responder);
        _vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        var incident = await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident { Title = "Search is slow", Severity = Severity.Sev3 });
        _incidentId = incident.Id;
        _app.Clock.Advance(TimeSpan.FromMinutes(15));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<TimelineEntry> AddAsync(string text = "Restarted the search cluster", TimelineEntryKind kind = TimelineEntryKind.Action,
        DateTime? occurredAt = null, bool keyEvent = false) =>
        _app.Timeline.AddAsync(_alice.Principal, _incidentId, new TimelineDraft { Kind = kind, Text = text, OccurredAt = occurredAt, IsKeyEvent = keyEvent });

    private Task<TimelineEntry> LoadAsync(int entryId) =>
        _app.QueryAsync(db => db.TimelineEntries.AsNoTracking().SingleAsync(t => t.Id == entryId));

    private Task<List<TimelineEntryRevision>> RevisionsAsync(int entryId) =>
        _app.QueryAsync(db => db.TimelineEntryRevisions.AsNoTracking().Where(r => r.EntryId == entryId).OrderBy(r => r.Id).ToListAsync());

    private Task<TimelineEntry> SystemEntryAsync() =>
        _app.QueryAsync(db => db.TimelineEntries.AsNoTracking().FirstAsync(t => t.IncidentId == _incidentId && t.Kind == TimelineEntryKind.System));

    [Theory]
    [InlineData(TimelineEntryKind.Note)]
    [InlineData(TimelineEntryKind.Action)]
    [InlineData(TimelineEntryKind.Decision)]
    [InlineData(TimelineEntryKind.Observation)]
    public async Task Add_stores_each_writable_kind_at_now_by_the_author(TimelineEntryKind kind)
    {
        var added = await AddAsync("  Error rate back to 0.1 %  ", kind);

        var entry = await LoadAsync(added.Id);
        Assert.Equal(kind, entry.Kind);
        Assert.Equal("Error rate back to 0.1 %", entry.Text);
        Assert.Equal(_app.Clock.UtcNow, entry.OccurredAt);
        Assert.Equal(_app.Clock.UtcNow, entry.RecordedAt);
        Assert.Equal(_alice.Id, entry.AuthorId);
        Assert.Equal("Alice Responder", entry.AuthorName);
        Assert.False(entry.IsKeyEvent);
        Assert.False(entry.IsDeleted);
        Assert.Null(entry.EditedAt);
        Assert.Equal(0, entry.Version);
    }

    [Fact]
    public async Task A_backfilled_entry_keeps_when_it_happened_and_sorts_by_it()
    {
        var later = await AddAsync("Deploy rolled back");
        var earlier = await AddAsync("Alert fired in monitoring", TimelineEntryKind.Observation, _app.Clock.UtcNow.AddMinutes(-40), keyEvent: true);

        var stored = await LoadAsync(earlier.Id);
        Assert.Equal(_app.Clock.UtcNow.AddMinutes(-40), stored.OccurredAt);
        Assert.Equal(_app.Clock.UtcNow, stored.RecordedAt);
        Assert.True(stored.IsKeyEvent);

        var list = await _app.Timeline.ListAsync(_vera.Principal, _incidentId);
        var order = list.Select(t => t.Id).ToList();
        Assert.True(order.IndexOf(earlier.Id) < order.IndexOf(later.Id), "the backfilled entry comes first");
        // The declaration (15 minutes ago) sits between them: 40 minutes ago < declared < now.
        Assert.Equal(earlier.Id, order[0]);
    }

    public static TheoryData<string, string> InvalidDrafts() => new()
    {
        { "empty text", "Write something first." },
        { "blank text", "Write something first." },
        { "text over 10,000 characters", "An entry can be at most 10,000 characters." },
        { "System kind", "Choose a kind: note, action taken, decision or observation." },
        { "undefined kind", "Choose a kind: note, action taken, decision or observation." },
        { "in the future", "The time of the event cannot be in the future." },
    };

    private TimelineDraft Draft(string problem) => problem switch
    {
        "empty text" => new TimelineDraft { Text = "" },
        "blank text" => new TimelineDraft { Text = "  \n " },
        "text over 10,000 characters" => new TimelineDraft { Text = new string('x', TimelineDraft.TextMaxLength + 1) },
        "System kind" => new TimelineDraft { Text = "I am the app", Kind = TimelineEntryKind.System },
        "undefined kind" => new TimelineDraft { Text = "What am I", Kind = (TimelineEntryKind)7 },
        "in the future" => new TimelineDraft { Text = "Tomorrow", OccurredAt = _app.Clock.UtcNow.AddHours(1) },
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    [Theory]
    [MemberData(nameof(InvalidDrafts))]
    public async Task Add_refuses_an_invalid_draft(string problem, string message)
    {
        var before = await _app.SnapshotAsync();
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Timeline.AddAsync(_alice.Principal, _incidentId, Draft(problem)));
        Assert.Contains(message, ex.Errors);
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(InvalidDrafts))]
    public async Task Edit_refuses_an_invalid_draft(string problem, string message)
    {
        var entry = await AddAsync();
        var before = await _app.SnapshotAsync();
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Timeline.EditAsync(_alice.Principal, entry.Id, 0, Draft(problem)));
        Assert.Contains(message, ex.Errors);
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Add_accepts_10000_characters()
    {
        var entry = await AddAsync(new string('x', TimelineDraft.TextMaxLength));
        Assert.Equal(TimelineDraft.TextMaxLength, (await LoadAsync(entry.Id)).Text.Length);
    }

    [Fact]
    public async Task Add_to_an_unknown_incident_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() =>
            _app.Timeline.AddAsync(_alice.Principal, 999, new TimelineDraft { Text = "Lost" }));
    }

    [Fact]
    public async Task Edit_replaces_the_content_and_keeps_the_old_text_as_a_revision()
    {
        var entry = await AddAsync("Restarted the serach cluster");
        var occurredAt = _app.Clock.UtcNow;
        _app.Clock.Advance(TimeSpan.FromMinutes(3));

        await _app.Timeline.EditAsync(_bob.Principal, entry.Id, 0,
            new TimelineDraft { Kind = TimelineEntryKind.Decision, Text = "Restarted the search cluster", IsKeyEvent = true });

        var edited = await LoadAsync(entry.Id);
        Assert.Equal("Restarted the search cluster", edited.Text);
        Assert.Equal(TimelineEntryKind.Decision, edited.Kind);
        Assert.True(edited.IsKeyEvent);
        Assert.Equal(occurredAt, edited.OccurredAt); // no new time given: keeps when it happened
        Assert.Equal(_app.Clock.UtcNow, edited.EditedAt);
        Assert.Equal(_alice.Id, edited.AuthorId); // the author stays the author
        Assert.Equal(1, edited.Version);

        var revision = Assert.Single(await RevisionsAsync(entry.Id));
        Assert.Equal("edited", revision.Change);
        Assert.Equal("Restarted the serach cluster", revision.Text);
        Assert.Equal(TimelineEntryKind.Action, revision.Kind);
        Assert.Equal(occurredAt, revision.OccurredAt);
        Assert.False(revision.IsKeyEvent);
        Assert.Equal((_bob.Id, "Bob Responder", _app.Clock.UtcNow), (revision.ChangedById, revision.ChangedByName, revision.ChangedAt));
    }

    [Fact]
    public async Task Edit_can_move_when_it_happened()
    {
        var entry = await AddAsync();
        var earlier = _app.Clock.UtcNow.AddMinutes(-5);
        await _app.Timeline.EditAsync(_alice.Principal, entry.Id, 0, new TimelineDraft { Kind = TimelineEntryKind.Action, Text = "Restarted the search cluster", OccurredAt = earlier });
        Assert.Equal(earlier, (await LoadAsync(entry.Id)).OccurredAt);
    }

    [Fact]
    public async Task History_lists_every_revision_newest_first()
    {
        var entry = await AddAsync("one");
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _app.Timeline.EditAsync(_alice.Principal, entry.Id, 0, new TimelineDraft { Text = "two" });
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _app.Timeline.EditAsync(_alice.Principal, entry.Id, 1, new TimelineDraft { Text = "three" });
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _app.Timeline.DeleteAsync(_alice.Principal, entry.Id, 2);

        var history = await _app.Timeline.HistoryAsync(_vera.Principal, entry.Id);
        Assert.Equal([("deleted", "three"), ("edited", "two"), ("edited", "one")], history.Select(r => (r.Change, r.Text)));
    }

    [Fact]
    public async Task Delete_is_soft_and_keeps_a_revision()
    {
        var entry = await AddAsync("Wrong incident, sorry");
        _app.Clock.Advance(TimeSpan.FromMinutes(1));

        await _app.Timeline.DeleteAsync(_bob.Principal, entry.Id, 0);

        var deleted = await LoadAsync(entry.Id);
        Assert.True(deleted.IsDeleted);
        Assert.Equal("Wrong incident, sorry", deleted.Text);
        Assert.Equal(_app.Clock.UtcNow, deleted.EditedAt);
        Assert.Equal(1, deleted.Version);
        var revision = Assert.Single(await RevisionsAsync(entry.Id));
        Assert.Equal(("deleted", "Wrong incident, sorry", _bob.Id), (revision.Change, revision.Text, revision.ChangedById));
        // Still listed (the page greys it out); nothing is lost.
        Assert.Contains(await _app.Timeline.ListAsync(_alice.Principal, _incidentId), t => t.Id == entry.Id && t.IsDeleted);
    }

    [Fact]
    public async Task Restore_brings_a_deleted_entry_back_with_a_revision()
    {
        var entry = await AddAsync();
        await _app.Timeline.DeleteAsync(_alice.Principal, entry.Id, 0);

        await _app.Timeline.RestoreAsync(_bob.Principal, entry.Id, 1);

        var restored = await LoadAsync(entry.Id);
        Assert.False(restored.IsDeleted);
        Assert.Equal(2, restored.Version);
        Assert.Equal(["deleted", "restored"], (await RevisionsAsync(entry.Id)).Select(r => r.Change));
    }

    [Fact]
    public async Task Restoring_an_entry_that_is_not_deleted_is_refused()
    {
        var entry = await AddAsync();
        var before = await _app.SnapshotAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Timeline.RestoreAsync(_alice.Principal, entry.Id, 0));
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    public static TheoryData<string> Revisions() => ["edit", "delete", "restore"];

    private Task ReviseAsync(string revision, int entryId, int version) => revision switch
    {
        "edit" => _app.Timeline.EditAsync(_alice.Principal, entryId, version, new TimelineDraft { Text = "Mine" }),
        "delete" => _app.Timeline.DeleteAsync(_alice.Principal, entryId, version),
        "restore" => _app.Timeline.RestoreAsync(_alice.Principal, entryId, version),
        _ => throw new ArgumentOutOfRangeException(nameof(revision)),
    };

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task A_stale_version_is_a_conflict_and_nothing_is_written(string revision)
    {
        var entry = await AddAsync();
        if (revision == "restore")
        {
            await _app.Timeline.DeleteAsync(_bob.Principal, entry.Id, 0);
            await _app.Timeline.RestoreAsync(_bob.Principal, entry.Id, 1);
            await _app.Timeline.DeleteAsync(_bob.Principal, entry.Id, 2); // now at version 3, deleted
        }
        else
        {
            await _app.Timeline.EditAsync(_bob.Principal, entry.Id, 0, new TimelineDraft { Text = "Bob's words" });
        }
        var before = await _app.SnapshotAsync();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => ReviseAsync(revision, entry.Id, 0));

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("delete")]
    public async Task System_entries_cannot_be_edited_or_deleted(string revision)
    {
        var system = await SystemEntryAsync();
        var before = await _app.SnapshotAsync();

        await Assert.ThrowsAsync<ValidationFailedException>(() => ReviseAsync(revision, system.Id, system.Version));

        Assert.Equal(before, await _app.SnapshotAsync());
        Assert.Empty(await RevisionsAsync(system.Id));
    }

    [Fact]
    public async Task Revising_an_unknown_entry_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => ReviseAsync("edit", 999, 0));
    }
}
