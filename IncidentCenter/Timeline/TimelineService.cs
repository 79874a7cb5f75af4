using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Audit;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Timeline;

public sealed class TimelineDraft
{
    public const int TextMaxLength = 10_000;

    public TimelineEntryKind Kind { get; set; } = TimelineEntryKind.Note;

    [Required(ErrorMessage = "Write something first.")]
    [StringLength(TextMaxLength, ErrorMessage = "An entry can be at most 10,000 characters.")]
    public string Text { get; set; } = "";

    /// <summary>UTC; null means "when it is saved".</summary>
    public DateTime? OccurredAt { get; set; }

    public bool IsKeyEvent { get; set; }
}

public sealed class TimelineService(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    IncidentNotifier notifier,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<TimelineEntry>> ListAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return await db.TimelineEntries.AsNoTracking()
            .Where(t => t.IncidentId == incidentId)
            .OrderBy(t => t.OccurredAt).ThenBy(t => t.Id)
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<TimelineEntryRevision>> HistoryAsync(ClaimsPrincipal user, int entryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return await db.TimelineEntryRevisions.AsNoTracking()
            .Where(r => r.EntryId == entryId)
            .OrderByDescending(r => r.ChangedAt).ThenByDescending(r => r.Id)
            .ToListAsync(ct);
    }

    public async Task<TimelineEntry> AddAsync(ClaimsPrincipal user, int incidentId, TimelineDraft draft, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        Check(draft, now);
        if (!await db.Incidents.AnyAsync(i => i.Id == incidentId, ct))
        {
            throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        }
        var entry = new TimelineEntry
        {
            IncidentId = incidentId,
            Kind = draft.Kind,
            Text = draft.Text.Trim(),
            OccurredAt = draft.OccurredAt ?? now,
            RecordedAt = now,
            AuthorId = actor.UserId,
            AuthorName = actor.DisplayName,
            IsKeyEvent = draft.IsKeyEvent,
        };
        db.TimelineEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.TimelineChanged));
        return entry;
    }

    /// <summary>Replaces an entry's content; the old content is kept as a revision.</summary>
    public async Task EditAsync(ClaimsPrincipal user, int entryId, int expectedVersion, TimelineDraft draft, CancellationToken ct = default)
    {
        await ReviseAsync(user, entryId, expectedVersion, "edited", (entry, now) =>
        {
            Check(draft, now);
            if (entry.Kind == TimelineEntryKind.System)
            {
                throw new ValidationFailedException("Entries the app wrote itself cannot be edited; add a note instead.");
            }
            entry.Kind = draft.Kind;
            entry.Text = draft.Text.Trim();
            entry.OccurredAt = draft.OccurredAt ?? entry.OccurredAt;
            entry.IsKeyEvent = draft.IsKeyEvent;
            entry.EditedAt = now;
        }, ct);
    }

    /// <summary>Hides an entry from the timeline; its content stays in its history.</summary>
    public async Task DeleteAsync(ClaimsPrincipal user, int entryId, int expectedVersion, CancellationToken ct = default)
    {
        await ReviseAsync(user, entryId, expectedVersion, "deleted", (entry, now) =>
        {
            if (entry.Kind == TimelineEntryKind.System)
            {
                throw new ValidationFailedException("Entries the app wrote itself cannot be deleted.");
            }
            entry.IsDeleted = true;
            entry.EditedAt = now;
        }, ct);
    }

    public async Task RestoreAsync(ClaimsPrincipal user, int entryId, int expectedVersion, CancellationToken ct = default)
    {
        await ReviseAsync(user, entryId, expectedVersion, "restored", (entry, now) =>
        {
            if (!entry.IsDeleted)
            {
                throw new ValidationFailedException("That entry is not deleted.");
            }
            entry.IsDeleted = false;
            entry.EditedAt = now;
        }, ct);
    }

    public const int PurgeReasonMaxLength = 200;

    /// <summary>
    /// Admins only: erases content that leaked a secret. Without <paramref name="revisionId"/> the entry's text and
    /// every earlier version of it; with it, that one earlier version. What remains says who purged, when and why.
    /// SQLite is told to zero the freed space and the WAL is checkpointed, so the text does not linger in the file.
    /// </summary>
    public async Task PurgeAsync(ClaimsPrincipal user, int entryId, int? revisionId, string reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var why = (reason ?? "").Trim();
        if (why.Length == 0 || why.Length > PurgeReasonMaxLength)
        {
            throw new ValidationFailedException(why.Length == 0
                ? "Say why, for example \"leaked a database password\" (without the secret itself)."
                : $"The reason can be at most {PurgeReasonMaxLength} characters.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var incidentId = 0;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON;", ct);
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                var entry = await db.TimelineEntries.FirstOrDefaultAsync(t => t.Id == entryId, ct)
                    ?? throw new NotFoundException("That timeline entry does not exist.");
                incidentId = entry.IncidentId;
                var revisions = await db.TimelineEntryRevisions
                    .Where(r => r.EntryId == entryId && r.PurgedAt == null && (revisionId == null || r.Id == revisionId))
                    .ToListAsync(ct);
                if (revisionId is not null && revisions.Count == 0)
                {
                    throw new NotFoundException("That earlier version does not exist or is already purged.");
                }
                if (revisionId is null && entry.PurgedAt is not null)
                {
                    throw new ValidationFailedException("That entry is already purged.");
                }
                foreach (var r in revisions)
                {
                    r.Text = "";
                    (r.PurgedAt, r.PurgedById, r.PurgedByName, r.PurgeReason) = (now, actor.UserId, actor.DisplayName, why);
                }
                if (revisionId is null)
                {
                    entry.Text = "";
                    entry.IsDeleted = true;
                    (entry.PurgedAt, entry.PurgedById, entry.PurgedByName, entry.PurgeReason) = (now, actor.UserId, actor.DisplayName, why);
                }
                entry.Version++;
                AuditLog.Add(db, actor, user, now, "timeline.purge", revisionId is null
                    ? $"{IncidentReference.Format(entry.IncidentId)}, timeline entry {entry.Id} by {entry.AuthorName} and {revisions.Count} earlier version(s) purged: {why}"
                    : $"{IncidentReference.Format(entry.IncidentId)}, timeline entry {entry.Id}: earlier version {revisionId} purged: {why}");
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            // Old page images stay in the write-ahead log until a checkpoint copies them back; best effort while
            // readers hold older snapshots, complete otherwise.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = OFF;", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
        await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.TimelineChanged));
    }

    private async Task ReviseAsync(ClaimsPrincipal user, int entryId, int expectedVersion, string change,
        Action<TimelineEntry, DateTime> apply, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var entry = await db.TimelineEntries.FirstOrDefaultAsync(t => t.Id == entryId, ct)
            ?? throw new NotFoundException("That timeline entry does not exist.");
        if (entry.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException("Someone else changed this entry while you were editing it. Your text is kept; compare with the latest and save again.");
        }
        if (entry.PurgedAt is not null)
        {
            throw new ValidationFailedException("An Admin purged this entry; it cannot be changed or restored. Add a new entry instead.");
        }
        db.TimelineEntryRevisions.Add(new TimelineEntryRevision
        {
            EntryId = entry.Id,
            Kind = entry.Kind,
            Text = entry.Text,
            OccurredAt = entry.OccurredAt,
            IsKeyEvent = entry.IsKeyEvent,
            Change = change,
            ChangedAt = now,
            ChangedById = actor.UserId,
            ChangedByName = actor.DisplayName,
        });
        apply(entry, now);
        entry.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Someone else changed this entry at the same moment. Your text is kept; compare with the latest and save again.");
        }
        await notifier.PublishAsync(new IncidentChanged(entry.IncidentId, IncidentChangeKind.TimelineChanged));
    }

    private static void Check(TimelineDraft draft, DateTime now) => Validation.Ensure(draft,
        draft.Kind == TimelineEntryKind.System || !Enum.IsDefined(draft.Kind) ? "Choose a kind: note, action taken, decision or observation." : null,
        draft.OccurredAt > now + ClockSkew.Allowed ? "The time of the event cannot be in the future." : null);
}
