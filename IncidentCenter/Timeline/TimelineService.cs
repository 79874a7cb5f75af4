using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using IncidentCenter.Accounts;
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
        draft.OccurredAt > now + IncidentService.ClockSkew ? "The time of the event cannot be in the future." : null);
}
