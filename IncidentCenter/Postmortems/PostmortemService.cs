using System.IO.Compression;
using System.Security.Claims;
using System.Text;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Postmortems;

/// <summary>
/// Post-mortems: generation from a template and the incident's own data, saving with a revision per
/// save, refreshing the generated sections, review and publication (which closes the incident), export.
/// Every method authorizes the caller from the database; every change checks the post-mortem's Version.
/// </summary>
/// <remarks>
/// Autosaves: consecutive autosaves by the same person within <see cref="AutosaveWindow"/> update that
/// person's last autosave revision instead of adding one each time, so that a long editing session leaves
/// one revision per five minutes rather than one per pause. Any other save, or a save by someone else,
/// starts a new revision. Saving text identical to the current one writes nothing.
/// </remarks>
public sealed class PostmortemService(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    IncidentNotifier notifier,
    IncidentCenter.Response.SeverityPolicyService policies,
    TimeProvider clock)
{
    public static readonly TimeSpan DueAfterResolution = TimeSpan.FromHours(48);
    public static readonly TimeSpan AutosaveWindow = TimeSpan.FromMinutes(5);

    public async Task<PostmortemView?> GetAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return await ViewAsync(db, incidentId, ct);
    }

    /// <summary>The first draft, from <paramref name="templateId"/> or the default template for the incident's severity.</summary>
    public async Task<PostmortemView> GenerateAsync(ClaimsPrincipal user, int incidentId, int? templateId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var record = await LoadRecordAsync(db, incidentId, ct);
        var incident = record.Incident;
        if (incident.State is not (IncidentState.Resolved or IncidentState.Closed))
        {
            throw new ValidationFailedException($"{incident.Reference} is still {incident.State}: resolve it before writing its post-mortem.");
        }
        if (await db.Postmortems.AnyAsync(p => p.IncidentId == incidentId, ct))
        {
            throw new ValidationFailedException($"{incident.Reference} already has a post-mortem; refresh its generated sections instead.");
        }
        var template = await ChooseTemplateAsync(db, incident.Severity, templateId, ct);
        var markdown = PostmortemRenderer.Render(template.Name, template.Body, record.ToModel());

        var now = Now();
        var postmortem = new Postmortem
        {
            IncidentId = incidentId,
            TemplateId = template.Id,
            State = PostmortemState.Draft,
            Markdown = markdown,
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedByName = actor.DisplayName,
            DueAt = DueAt(incident, (await policies.GetAsync(incident.Severity, ct)).PostmortemRequired),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Postmortems.Add(postmortem);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ValidationFailedException($"Someone else generated the post-mortem of {incident.Reference} at the same moment; open theirs.");
        }
        AddRevision(db, postmortem, 1, actor, now, RevisionReasons.Generated);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await ViewAsync(db, incidentId, ct))!;
    }

    public async Task<PostmortemView> SaveAsync(ClaimsPrincipal user, int incidentId, int expectedVersion, string markdown, bool autosave = false, CancellationToken ct = default)
    {
        var text = PostmortemMarkdown.Normalize(markdown);
        return await ChangeAsync(user, incidentId, expectedVersion, async (db, actor, postmortem, _, now) =>
        {
            RequireEditable(postmortem);
            if (text.Length > Postmortem.MarkdownMaxLength)
            {
                throw new ValidationFailedException($"A post-mortem can be at most {Postmortem.MarkdownMaxLength:N0} characters.");
            }
            if (text == postmortem.Markdown)
            {
                return false;
            }
            postmortem.Markdown = text;
            var last = await db.PostmortemRevisions.Where(r => r.PostmortemId == postmortem.Id).OrderByDescending(r => r.Number).FirstAsync(ct);
            if (autosave && last.Reason == RevisionReasons.Autosaved && last.SavedById == actor.UserId && now - last.SavedAt <= AutosaveWindow)
            {
                last.Markdown = text;
                last.SavedAt = now;
            }
            else
            {
                AddRevision(db, postmortem, last.Number + 1, actor, now, autosave ? RevisionReasons.Autosaved : RevisionReasons.Saved);
            }
            return true;
        }, ct);
    }

    /// <summary>Re-renders the template from the incident as it is now and replaces only the generated sections.</summary>
    public async Task<PostmortemView> RefreshGeneratedAsync(ClaimsPrincipal user, int incidentId, int expectedVersion, CancellationToken ct = default)
    {
        return await ChangeAsync(user, incidentId, expectedVersion, async (db, actor, postmortem, _, now) =>
        {
            RequireEditable(postmortem);
            var template = await db.PostmortemTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == postmortem.TemplateId, ct)
                ?? throw new ValidationFailedException("The template this post-mortem was made from no longer exists.");
            var record = await LoadRecordAsync(db, incidentId, ct);
            var fresh = PostmortemRenderer.Render(template.Name, template.Body, record.ToModel());
            var merged = PostmortemMarkdown.MergeGenerated(postmortem.Markdown, fresh);
            if (merged == postmortem.Markdown)
            {
                return false;
            }
            postmortem.Markdown = merged;
            await AddNextRevisionAsync(db, postmortem, actor, now, RevisionReasons.Refreshed, ct);
            return true;
        }, ct);
    }

    public Task<PostmortemView> RequestReviewAsync(ClaimsPrincipal user, int incidentId, int expectedVersion, CancellationToken ct = default) =>
        ChangeAsync(user, incidentId, expectedVersion, async (db, actor, postmortem, _, now) =>
        {
            if (postmortem.State != PostmortemState.Draft)
            {
                throw new ValidationFailedException($"Only a draft can be sent for review; this post-mortem is {Label(postmortem.State)}.");
            }
            postmortem.State = PostmortemState.InReview;
            postmortem.ReviewRequestedAt = now;
            await AddNextRevisionAsync(db, postmortem, actor, now, RevisionReasons.InReview, ct);
            return true;
        }, ct);

    public Task<PostmortemView> ReturnToDraftAsync(ClaimsPrincipal user, int incidentId, int expectedVersion, CancellationToken ct = default) =>
        ChangeAsync(user, incidentId, expectedVersion, async (db, actor, postmortem, _, now) =>
        {
            if (postmortem.State != PostmortemState.InReview)
            {
                throw new ValidationFailedException($"Only a post-mortem in review can go back to draft; this one is {Label(postmortem.State)}.");
            }
            postmortem.State = PostmortemState.Draft;
            postmortem.ReviewRequestedAt = null;
            await AddNextRevisionAsync(db, postmortem, actor, now, RevisionReasons.ReturnedToDraft, ct);
            return true;
        }, ct);

    /// <summary>Publishes a reviewed post-mortem and, in the same transaction, closes its resolved incident.</summary>
    public async Task<PostmortemView> PublishAsync(ClaimsPrincipal user, int incidentId, int expectedVersion, CancellationToken ct = default)
    {
        var closedIncident = false;
        var view = await ChangeAsync(user, incidentId, expectedVersion, async (db, actor, postmortem, incident, now) =>
        {
            var items = await db.ActionItems.AsNoTracking().Where(a => a.IncidentId == incidentId && a.Kind == ActionItemKind.FollowUp).OrderBy(a => a.Id).ToListAsync(ct);
            var blockers = PublishBlockers(postmortem, incident, items);
            if (blockers.Count > 0)
            {
                throw new ValidationFailedException(blockers);
            }
            postmortem.State = PostmortemState.Published;
            postmortem.PublishedAt = now;
            await AddNextRevisionAsync(db, postmortem, actor, now, RevisionReasons.Published, ct);
            if (incident.State == IncidentState.Resolved)
            {
                incident.State = IncidentState.Closed;
                incident.IsOpen = false;
                incident.StateChangedAt = now;
                incident.ClosedAt = now;
                incident.Version++;
                db.IncidentStateChanges.Add(new IncidentStateChange
                {
                    IncidentId = incident.Id, From = IncidentState.Resolved, To = IncidentState.Closed, At = now, ByUserId = actor.UserId,
                    Reason = "Post-mortem published",
                });
                db.TimelineEntries.Add(TimelineEntry.System(incident.Id, actor, now,
                    $"State changed from Resolved to Closed by {actor.DisplayName}: the post-mortem was published.", keyEvent: true));
                closedIncident = true;
            }
            return true;
        }, ct);
        if (closedIncident)
        {
            await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.Updated));
        }
        return view;
    }

    public async Task<IReadOnlyList<RevisionSummary>> RevisionsAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return await db.PostmortemRevisions.AsNoTracking()
            .Where(r => db.Postmortems.Any(p => p.Id == r.PostmortemId && p.IncidentId == incidentId))
            .OrderByDescending(r => r.Number)
            .Select(r => new RevisionSummary(r.Id, r.Number, r.SavedAt, r.SavedByName, r.Reason))
            .ToListAsync(ct);
    }

    public async Task<string> RevisionMarkdownAsync(ClaimsPrincipal user, int revisionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return await db.PostmortemRevisions.AsNoTracking().Where(r => r.Id == revisionId).Select(r => r.Markdown).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("That revision does not exist.");
    }

    /// <summary>Makes an earlier revision the current text again, as a new revision (history is never rewritten).</summary>
    public Task<PostmortemView> RestoreRevisionAsync(ClaimsPrincipal user, int incidentId, int expectedVersion, int revisionId, CancellationToken ct = default) =>
        ChangeAsync(user, incidentId, expectedVersion, async (db, actor, postmortem, _, now) =>
        {
            RequireEditable(postmortem);
            var revision = await db.PostmortemRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == revisionId && r.PostmortemId == postmortem.Id, ct)
                ?? throw new NotFoundException("That revision does not belong to this post-mortem.");
            postmortem.Markdown = revision.Markdown;
            await AddNextRevisionAsync(db, postmortem, actor, now, RevisionReasons.Restored, ct);
            return true;
        }, ct);

    /// <summary>The stored Markdown as a file: UTF-8 without BOM, LF line endings.</summary>
    public async Task<(string FileName, byte[] Content)> ExportAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var markdown = await db.Postmortems.AsNoTracking().Where(p => p.IncidentId == incidentId).Select(p => p.Markdown).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} has no post-mortem.");
        return (FileName(incidentId), Encode(markdown));
    }

    /// <summary>
    /// What identifies the set of published post-mortems, for the cached download: their number, the newest
    /// publication and the sum of their versions (a published post-mortem cannot change, and every write bumps
    /// its version, so any change to the set changes at least one of the three).
    /// </summary>
    public async Task<PublishedSet> PublishedSetAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var published = db.Postmortems.AsNoTracking().Where(p => p.State == PostmortemState.Published);
        var count = await published.CountAsync(ct);
        var latest = await published.MaxAsync(p => p.PublishedAt, ct);
        var versions = await published.SumAsync(p => (long)p.Version, ct);
        return new PublishedSet(count, latest, versions);
    }

    /// <summary>
    /// Every published post-mortem in one zip, ordered by incident, written to <paramref name="output"/> one entry
    /// at a time with asynchronous writes only (the archive is never held in memory, and Kestrel refuses
    /// synchronous writes); entries are dated by their publication. <paramref name="output"/> is left open.
    /// </summary>
    public async Task WritePublishedZipAsync(ClaimsPrincipal user, Stream output, CancellationToken ct = default)
    {
        List<(int IncidentId, DateTime? PublishedAt)> published;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await actors.RequireViewerAsync(db, user, ct);
            published = (await db.Postmortems.AsNoTracking()
                .Where(p => p.State == PostmortemState.Published)
                .OrderBy(p => p.IncidentId)
                .Select(p => new { p.IncidentId, p.PublishedAt })
                .ToListAsync(ct))
                .Select(p => (p.IncidentId, p.PublishedAt))
                .ToList();
        }
        var sink = new DeferredSyncWriteStream(output);
        await using (var zip = await ZipArchive.CreateAsync(sink, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct))
        {
            foreach (var (incidentId, publishedAt) in published)
            {
                await WriteEntryAsync(zip, incidentId, publishedAt, ct);
                await sink.DrainAsync(ct);
            }
        }
        await sink.DrainAsync(ct);
    }

    private async Task WriteEntryAsync(ZipArchive zip, int incidentId, DateTime? publishedAt, CancellationToken ct)
    {
        // One text at a time, each in a short query of its own: no reader stays open while a slow client downloads.
        string? markdown;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            markdown = await db.Postmortems.AsNoTracking()
                .Where(p => p.IncidentId == incidentId && p.State == PostmortemState.Published)
                .Select(p => p.Markdown).FirstOrDefaultAsync(ct);
        }
        if (markdown is null)
        {
            return;
        }
        var entry = zip.CreateEntry(FileName(incidentId), CompressionLevel.Optimal);
        // Zip times have no zone and start in 1980; the publication time keeps the archive reproducible.
        entry.LastWriteTime = new DateTimeOffset(publishedAt ?? new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await using var stream = await entry.OpenAsync(ct);
        await stream.WriteAsync(Encode(markdown), ct);
    }

    /// <summary>
    /// Resolved or closed incidents whose severity policy requires a post-mortem (by default SEV1/SEV2) and whose
    /// post-mortem is not published, soonest due first.
    /// </summary>
    public async Task<IReadOnlyList<PostmortemDue>> DueAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var required = (await policies.GetAllAsync(ct)).Where(p => p.PostmortemRequired).Select(p => p.Severity).ToList();
        var rows = await db.Incidents.AsNoTracking()
            .Where(i => required.Contains(i.Severity)
                && (i.State == IncidentState.Resolved || i.State == IncidentState.Closed)
                && !db.Postmortems.Any(p => p.IncidentId == i.Id && p.State == PostmortemState.Published))
            .Select(i => new
            {
                i.Id, i.Title, i.Severity, i.ResolvedAt, i.ClosedAt, i.StateChangedAt,
                State = db.Postmortems.Where(p => p.IncidentId == i.Id).Select(p => (PostmortemState?)p.State).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var now = Now();
        return rows
            .Select(r =>
            {
                var due = (r.ResolvedAt ?? r.ClosedAt ?? r.StateChangedAt) + DueAfterResolution;
                return new PostmortemDue(r.Id, IncidentReference.Format(r.Id), r.Title, r.Severity, r.State, due, now > due);
            })
            .OrderBy(d => d.DueAt).ThenBy(d => d.IncidentId)
            .ToList();
    }

    public static string FileName(int incidentId) => $"{IncidentReference.Format(incidentId)}-postmortem.md";

    public static byte[] Encode(string markdown) => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(PostmortemMarkdown.Normalize(markdown));

    /// <summary>Why publishing is refused now; empty when it can be published.</summary>
    public static IReadOnlyList<string> PublishBlockers(Postmortem postmortem, Incident incident, IReadOnlyList<ActionItem> actionItems)
    {
        var blockers = new List<string>();
        if (postmortem.State == PostmortemState.Published)
        {
            blockers.Add("It is already published.");
            return blockers;
        }
        if (postmortem.State == PostmortemState.Draft)
        {
            blockers.Add("Send it for review first: only a post-mortem in review can be published.");
        }
        if (incident.State is not (IncidentState.Resolved or IncidentState.Closed))
        {
            blockers.Add($"{incident.Reference} was reopened ({incident.State}): resolve it again before publishing.");
        }
        if (incident.Severity is Severity.Sev1 or Severity.Sev2)
        {
            foreach (var item in actionItems)
            {
                var missing = (item.OwnerId is null, item.DueDate is null) switch
                {
                    (true, true) => "an owner and a due date",
                    (true, false) => "an owner",
                    (false, true) => "a due date",
                    _ => null,
                };
                if (missing is not null)
                {
                    blockers.Add($"Action item \"{item.Title}\" needs {missing}: every action item of a {SeverityCatalog.Name(incident.Severity)} incident has both before publishing.");
                }
            }
        }
        return blockers;
    }

    /// <summary>Loads what a post-mortem is generated from; only the key events of the timeline, in event-time order.</summary>
    internal static async Task<IncidentRecord> LoadRecordAsync(AppDbContext db, int incidentId, CancellationToken ct)
    {
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        var services = await db.IncidentServices.AsNoTracking().Where(l => l.IncidentId == incidentId).Select(l => l.Service!.Name).ToListAsync(ct);
        var states = await db.IncidentStateChanges.AsNoTracking().Where(s => s.IncidentId == incidentId).ToListAsync(ct);
        var severities = await db.IncidentSeverityChanges.AsNoTracking().Where(s => s.IncidentId == incidentId).ToListAsync(ct);
        var roles = await db.IncidentRoles.AsNoTracking().Where(r => r.IncidentId == incidentId).ToListAsync(ct);
        var keyEvents = await db.TimelineEntries.AsNoTracking()
            .Where(t => t.IncidentId == incidentId && t.IsKeyEvent && !t.IsDeleted)
            .OrderBy(t => t.OccurredAt).ThenBy(t => t.Id)
            .ToListAsync(ct);
        var items = await db.ActionItems.AsNoTracking().Where(a => a.IncidentId == incidentId && a.Kind == ActionItemKind.FollowUp).ToListAsync(ct);
        var statusUpdates = await db.StatusUpdates.AsNoTracking().Where(u => u.IncidentId == incidentId).ToListAsync(ct);
        return new IncidentRecord(incident, services, states, severities, roles, keyEvents, items) { StatusUpdates = statusUpdates };
    }

    private static async Task<PostmortemTemplate> ChooseTemplateAsync(AppDbContext db, Severity severity, int? templateId, CancellationToken ct)
    {
        if (templateId is { } id)
        {
            return await db.PostmortemTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct)
                ?? throw new ValidationFailedException("That template does not exist.");
        }
        var defaultId = await db.PostmortemTemplateDefaults.Where(d => d.Severity == severity).Select(d => (int?)d.TemplateId).FirstOrDefaultAsync(ct);
        return await db.PostmortemTemplates.AsNoTracking().OrderBy(t => t.Id == defaultId ? 0 : 1).ThenBy(t => t.Id).FirstOrDefaultAsync(ct)
            ?? throw new ValidationFailedException("There is no post-mortem template yet; an Admin can add one under Templates.");
    }

    private static DateTime? DueAt(Incident incident, bool required) => required
        ? (incident.ResolvedAt ?? incident.ClosedAt ?? incident.StateChangedAt) + DueAfterResolution
        : null;

    private static void RequireEditable(Postmortem postmortem)
    {
        if (postmortem.State == PostmortemState.Published)
        {
            throw new ValidationFailedException("A published post-mortem cannot be changed.");
        }
    }

    private static string Label(PostmortemState state) => state switch
    {
        PostmortemState.InReview => "in review",
        PostmortemState.Published => "published",
        _ => "a draft",
    };

    private static void AddRevision(AppDbContext db, Postmortem postmortem, int number, Actor actor, DateTime now, string reason) =>
        db.PostmortemRevisions.Add(new PostmortemRevision
        {
            PostmortemId = postmortem.Id,
            Number = number,
            Markdown = postmortem.Markdown,
            SavedAt = now,
            SavedById = actor.UserId,
            SavedByName = actor.DisplayName,
            Reason = reason,
        });

    private static async Task AddNextRevisionAsync(AppDbContext db, Postmortem postmortem, Actor actor, DateTime now, string reason, CancellationToken ct)
    {
        var last = await db.PostmortemRevisions.Where(r => r.PostmortemId == postmortem.Id).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        AddRevision(db, postmortem, last + 1, actor, now, reason);
    }

    /// <summary>
    /// Authorizes, loads the post-mortem (tracked) and its incident (tracked), checks the version, applies
    /// <paramref name="change"/> (which returns false when nothing changed), bumps the version and commits.
    /// </summary>
    private async Task<PostmortemView> ChangeAsync(ClaimsPrincipal user, int incidentId, int expectedVersion,
        Func<AppDbContext, Actor, Postmortem, Incident, DateTime, Task<bool>> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var postmortem = await db.Postmortems.FirstOrDefaultAsync(p => p.IncidentId == incidentId, ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} has no post-mortem yet.");
        var incident = await db.Incidents.FirstAsync(i => i.Id == incidentId, ct);
        if (postmortem.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException("Someone else changed this post-mortem while you were editing it. Your text is kept; compare with the latest and save again.");
        }
        var now = Now();
        if (await change(db, actor, postmortem, incident, now))
        {
            postmortem.Version++;
            postmortem.UpdatedAt = now;
            postmortem.UpdatedByName = actor.DisplayName;
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConcurrencyConflictException("Someone else changed this post-mortem or its incident at the same moment. Your text is kept; compare with the latest and try again.");
            }
        }
        return (await ViewAsync(db, incidentId, ct))!;
    }

    private static async Task<PostmortemView?> ViewAsync(AppDbContext db, int incidentId, CancellationToken ct)
    {
        var postmortem = await db.Postmortems.AsNoTracking().FirstOrDefaultAsync(p => p.IncidentId == incidentId, ct);
        if (postmortem is null)
        {
            return null;
        }
        var incident = await db.Incidents.AsNoTracking().FirstAsync(i => i.Id == incidentId, ct);
        var templateName = await db.PostmortemTemplates.Where(t => t.Id == postmortem.TemplateId).Select(t => t.Name).FirstOrDefaultAsync(ct) ?? "";
        var items = await db.ActionItems.AsNoTracking().Where(a => a.IncidentId == incidentId && a.Kind == ActionItemKind.FollowUp).OrderBy(a => a.Id).ToListAsync(ct);
        return new PostmortemView(incidentId, incident.Reference, incident.Title, incident.Severity, incident.State,
            postmortem.State, postmortem.Markdown, postmortem.Version, postmortem.TemplateId, templateName, postmortem.UpdatedAt, postmortem.UpdatedByName,
            postmortem.DueAt, postmortem.PublishedAt, PublishBlockers(postmortem, incident, items));
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
