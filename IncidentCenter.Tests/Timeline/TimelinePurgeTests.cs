using System.Text;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Tests.Timeline;

public class TimelinePurgeTests : IAsyncLifetime
{
    private const string Secret = "AKIAZZPURGEME0123456789";

    private TestApp _app = null!;
    private TestUser _ada = null!;
    private TestUser _rita = null!;
    private int _incidentId;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _ada = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        _rita = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        _incidentId = (await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Keys in the logs", Severity = Severity.Sev2 })).Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>An entry whose first version and an edit both hold the secret, then a clean edit: two revisions with it.</summary>
    private async Task<TimelineEntry> LeakyEntryAsync()
    {
        var entry = await _app.Timeline.AddAsync(_rita.Principal, _incidentId, new TimelineDraft { Text = $"Used key {Secret} to test" });
        await _app.Timeline.EditAsync(_rita.Principal, entry.Id, 0, new TimelineDraft { Text = $"Used key {Secret} to test the API" });
        await _app.Timeline.EditAsync(_rita.Principal, entry.Id, 1, new TimelineDraft { Text = $"Tested the API with key {Secret}" });
        return await Entry(entry.Id);
    }

    private Task<TimelineEntry> Entry(int id) => _app.QueryAsync(db => db.TimelineEntries.AsNoTracking().Include(t => t.Revisions).SingleAsync(t => t.Id == id));

    /// <summary>The database file and its write-ahead log, byte for byte, as someone copying them off the disk would read them.</summary>
    private string RawFiles()
    {
        var text = new StringBuilder();
        foreach (var path in new[] { _app.DatabasePath, _app.DatabasePath + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(reader.ReadToEnd());
        }
        return text.ToString();
    }

    [Fact]
    public async Task An_Admin_purges_an_entry_and_every_earlier_version_and_only_a_note_of_it_remains()
    {
        var entry = await LeakyEntryAsync();
        Assert.Contains(Secret, RawFiles());
        _app.Clock.Advance(TimeSpan.FromMinutes(3));

        await _app.Timeline.PurgeAsync(_ada.Principal, entry.Id, null, "leaked an AWS key");

        var purged = await Entry(entry.Id);
        Assert.Equal("", purged.Text);
        Assert.True(purged.IsDeleted);
        Assert.Equal(_app.Clock.UtcNow, purged.PurgedAt);
        Assert.Equal("Ada Admin", purged.PurgedByName);
        Assert.Equal(_ada.Id, purged.PurgedById);
        Assert.Equal("leaked an AWS key", purged.PurgeReason);
        Assert.Equal(2, purged.Revisions.Count);
        Assert.All(purged.Revisions, r =>
        {
            Assert.Equal("", r.Text);
            Assert.Equal("Ada Admin", r.PurgedByName);
        });
        // Not in the rows, and not left behind in free pages of the file or in the write-ahead log.
        Assert.DoesNotContain(Secret, await _app.SnapshotAsync());
        Assert.DoesNotContain(Secret, RawFiles());

        var audit = await _app.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "timeline.purge"));
        Assert.Equal(_ada.Id, audit.ActorId);
        Assert.Contains("leaked an AWS key", audit.Summary);
        Assert.Contains($"timeline entry {entry.Id}", audit.Summary);
        Assert.DoesNotContain(Secret, audit.Summary);
    }

    [Fact]
    public async Task Purging_one_earlier_version_leaves_the_entry_and_the_other_versions()
    {
        var entry = await LeakyEntryAsync();
        var first = entry.Revisions.OrderBy(r => r.Id).First();

        await _app.Timeline.PurgeAsync(_ada.Principal, entry.Id, first.Id, "first draft had the key");

        var after = await Entry(entry.Id);
        Assert.Null(after.PurgedAt);
        Assert.Contains(Secret, after.Text);
        var purged = after.Revisions.Single(r => r.Id == first.Id);
        Assert.Equal("", purged.Text);
        Assert.Equal("first draft had the key", purged.PurgeReason);
        Assert.Contains(Secret, after.Revisions.Single(r => r.Id != first.Id).Text);
        Assert.Equal(entry.Version + 1, after.Version);
    }

    [Fact]
    public async Task Responders_and_Viewers_cannot_purge_and_nothing_changes()
    {
        var entry = await LeakyEntryAsync();
        var viewer = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        var before = await _app.SnapshotAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Timeline.PurgeAsync(_rita.Principal, entry.Id, null, "mine"));
        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Timeline.PurgeAsync(viewer.Principal, entry.Id, null, "mine"));
        await Assert.ThrowsAsync<ForbiddenException>(() => _app.Timeline.PurgeAsync(new System.Security.Claims.ClaimsPrincipal(), entry.Id, null, "mine"));

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_purge_needs_a_reason(string reason)
    {
        var entry = await LeakyEntryAsync();
        var before = await _app.SnapshotAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Timeline.PurgeAsync(_ada.Principal, entry.Id, null, reason));

        Assert.Contains("Say why", refused.Message);
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task A_purged_entry_cannot_be_restored_edited_or_purged_again()
    {
        var entry = await LeakyEntryAsync();
        await _app.Timeline.PurgeAsync(_ada.Principal, entry.Id, null, "leaked an AWS key");
        var purged = await Entry(entry.Id);

        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Timeline.RestoreAsync(_ada.Principal, entry.Id, purged.Version));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Timeline.EditAsync(_ada.Principal, entry.Id, purged.Version, new TimelineDraft { Text = "back" }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.Timeline.PurgeAsync(_ada.Principal, entry.Id, null, "again"));
        Assert.Equal("", (await Entry(entry.Id)).Text);
    }
}
