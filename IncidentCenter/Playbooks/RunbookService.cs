using System.Security.Claims;
using System.Text.RegularExpressions;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Playbooks;

/// <summary>Runbooks: search, suggestions for an incident, and editing with a revision per save.</summary>
public sealed class RunbookService(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    TimeProvider clock)
{
    public const int SuggestionCount = 3;
    public const int ServiceScore = 10;
    public const int TitleKeywordScore = 4;
    public const int DescriptionKeywordScore = 2;

    /// <summary>
    /// Every word of <paramref name="query"/> must appear in the title, keywords or body (case-insensitive,
    /// SQL LIKE); title hits rank first, then keyword hits. An empty query lists every runbook by title.
    /// </summary>
    public async Task<IReadOnlyList<RunbookSummary>> SearchAsync(ClaimsPrincipal user, string? query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var terms = (query ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(10).ToList();
        var runbooks = db.Runbooks.AsNoTracking();
        foreach (var term in terms)
        {
            var pattern = "%" + EscapeLike(term) + "%";
            runbooks = runbooks.Where(r => EF.Functions.Like(r.Title, pattern, "\\")
                || EF.Functions.Like(r.Keywords, pattern, "\\")
                || EF.Functions.Like(r.Body, pattern, "\\"));
        }
        var found = await runbooks.Include(r => r.Services).ThenInclude(s => s.Service).ToListAsync(ct);
        return found
            .OrderByDescending(r => terms.Count(t => r.Title.Contains(t, StringComparison.OrdinalIgnoreCase)))
            .ThenByDescending(r => terms.Count(t => r.Keywords.Contains(t, StringComparison.OrdinalIgnoreCase)))
            .ThenBy(r => r.Title, StringComparer.OrdinalIgnoreCase)
            .Select(Summary)
            .ToList();
    }

    public async Task<RunbookView> GetAsync(ClaimsPrincipal user, int runbookId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return View(await LoadAsync(db, runbookId, tracked: false, ct));
    }

    /// <summary>Creates (<paramref name="runbookId"/> null) or updates a runbook and records the result as a new revision.</summary>
    public async Task<RunbookView> SaveAsync(ClaimsPrincipal user, int? runbookId, int expectedVersion, RunbookDraft draft, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        var title = (draft.Title ?? "").Trim();
        var keywords = string.Join(", ", Runbook.SplitKeywords(draft.Keywords));
        var body = (draft.Body ?? "").Replace("\r\n", "\n").Trim();
        var errors = new List<string>();
        if (title.Length == 0)
        {
            errors.Add("Give the runbook a title.");
        }
        else if (title.Length > Runbook.TitleMaxLength)
        {
            errors.Add($"The title can be at most {Runbook.TitleMaxLength} characters.");
        }
        if (keywords.Length > Runbook.KeywordsMaxLength)
        {
            errors.Add($"The keywords can be at most {Runbook.KeywordsMaxLength} characters.");
        }
        if (body.Length == 0)
        {
            errors.Add("Write the runbook: symptoms, diagnosis, resolution.");
        }
        else if (body.Length > Runbook.BodyMaxLength)
        {
            errors.Add($"A runbook can be at most {Runbook.BodyMaxLength:N0} characters.");
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        var serviceIds = draft.ServiceIds.Distinct().ToList();
        if (await db.Services.CountAsync(s => serviceIds.Contains(s.Id), ct) != serviceIds.Count)
        {
            throw new ValidationFailedException("One of the chosen services no longer exists.");
        }

        // Checked inside the write transaction (BEGIN IMMEDIATE): two people creating the same title at once
        // get a message, not a unique-index failure.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Runbooks.AnyAsync(r => r.Title == title && r.Id != runbookId, ct))
        {
            throw new ValidationFailedException($"A runbook titled \"{title}\" already exists.");
        }
        var now = Now();
        Runbook runbook;
        string reason;
        if (runbookId is { } id)
        {
            runbook = await LoadAsync(db, id, tracked: true, ct);
            CheckVersion(runbook, expectedVersion);
            if (runbook.Title == title && runbook.Keywords == keywords && runbook.Body == body
                && runbook.Services.Select(s => s.ServiceId).ToHashSet().SetEquals(serviceIds))
            {
                throw new ValidationFailedException("Nothing changed.");
            }
            runbook.Version++;
            reason = "edited";
        }
        else
        {
            runbook = new Runbook { CreatedAt = now };
            db.Runbooks.Add(runbook);
            reason = "created";
        }
        runbook.Title = title;
        runbook.Keywords = keywords;
        runbook.Body = body;
        runbook.UpdatedAt = now;
        runbook.UpdatedByName = actor.DisplayName;
        db.RunbookServices.RemoveRange(runbook.Services.Where(s => !serviceIds.Contains(s.ServiceId)));
        var linked = runbook.Services.Select(s => s.ServiceId).ToHashSet();
        runbook.Services.AddRange(serviceIds.Where(s => !linked.Contains(s)).Select(s => new RunbookServiceLink { ServiceId = s }));
        await SaveWithRevisionAsync(db, runbook, actor, now, reason, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(user, runbook.Id, ct);
    }

    public async Task<IReadOnlyList<RunbookRevisionSummary>> RevisionsAsync(ClaimsPrincipal user, int runbookId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return await db.RunbookRevisions.AsNoTracking().Where(r => r.RunbookId == runbookId).OrderByDescending(r => r.Number)
            .Select(r => new RunbookRevisionSummary(r.Id, r.Number, r.SavedAt, r.SavedByName, r.Reason)).ToListAsync(ct);
    }

    public async Task<RunbookRevisionView> RevisionAsync(ClaimsPrincipal user, int revisionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var r = await db.RunbookRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == revisionId, ct)
            ?? throw new NotFoundException("That revision does not exist.");
        return new RunbookRevisionView(r.Id, r.RunbookId, r.Number, r.Title, r.Keywords, r.Body, r.SavedAt, r.SavedByName, r.Reason);
    }

    /// <summary>Makes an old revision's title, keywords and text current again, as a new revision (nothing is lost).</summary>
    public async Task<RunbookView> RestoreAsync(ClaimsPrincipal user, int runbookId, int expectedVersion, int revisionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var runbook = await LoadAsync(db, runbookId, tracked: true, ct);
        var revision = await db.RunbookRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == revisionId && r.RunbookId == runbookId, ct)
            ?? throw new NotFoundException("That revision does not exist.");
        CheckVersion(runbook, expectedVersion);
        if (await db.Runbooks.AnyAsync(r => r.Title == revision.Title && r.Id != runbookId, ct))
        {
            throw new ValidationFailedException($"Another runbook is now titled \"{revision.Title}\"; rename it first.");
        }
        var now = Now();
        runbook.Title = revision.Title;
        runbook.Keywords = revision.Keywords;
        runbook.Body = revision.Body;
        runbook.UpdatedAt = now;
        runbook.UpdatedByName = actor.DisplayName;
        runbook.Version++;
        await SaveWithRevisionAsync(db, runbook, actor, now, $"restored revision {revision.Number}", ct);
        await tx.CommitAsync(ct);
        return await GetAsync(user, runbookId, ct);
    }

    /// <summary>The runbooks that fit an incident best, with why: shared services first, then keywords in its title and description.</summary>
    public async Task<IReadOnlyList<RunbookSuggestion>> SuggestAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId)
            .Select(i => new { i.Title, i.Description }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        var services = await db.IncidentServices.AsNoTracking().Where(l => l.IncidentId == incidentId)
            .Select(l => new { l.ServiceId, l.Service!.Name }).ToListAsync(ct);
        var runbooks = await db.Runbooks.AsNoTracking().Include(r => r.Services).ToListAsync(ct);
        var serviceNames = services.ToDictionary(s => s.ServiceId, s => s.Name);
        return Rank(incident.Title, incident.Description, serviceNames, runbooks).Take(SuggestionCount).ToList();
    }

    /// <summary>Scores every runbook against an incident; those with no match are left out. Highest first, then by title.</summary>
    public static IReadOnlyList<RunbookSuggestion> Rank(string title, string? description, IReadOnlyDictionary<int, string> incidentServices, IEnumerable<Runbook> runbooks) =>
        Score(title, description, incidentServices, runbooks)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Title, StringComparer.OrdinalIgnoreCase).ToList();

    private static IEnumerable<RunbookSuggestion> Score(string title, string? description, IReadOnlyDictionary<int, string> incidentServices, IEnumerable<Runbook> runbooks)
    {
        foreach (var runbook in runbooks)
        {
            var score = 0;
            var reasons = new List<string>();
            foreach (var link in runbook.Services.Where(s => incidentServices.ContainsKey(s.ServiceId)))
            {
                score += ServiceScore;
                reasons.Add($"Linked to service {incidentServices[link.ServiceId]}");
            }
            foreach (var keyword in Runbook.SplitKeywords(runbook.Keywords))
            {
                if (ContainsPhrase(title, keyword))
                {
                    score += TitleKeywordScore;
                    reasons.Add($"\"{keyword}\" in the title");
                }
                else if (ContainsPhrase(description, keyword))
                {
                    score += DescriptionKeywordScore;
                    reasons.Add($"\"{keyword}\" in the description");
                }
            }
            if (score > 0)
            {
                yield return new RunbookSuggestion(runbook.Id, runbook.Title, score, reasons);
            }
        }
    }

    /// <summary>The phrase as whole words, ignoring case: "db" matches "DB down" but not "dbus".</summary>
    public static bool ContainsPhrase(string? text, string phrase) =>
        !string.IsNullOrEmpty(text) && !string.IsNullOrWhiteSpace(phrase)
        && Regex.IsMatch(text, @"(?<![\p{L}\p{N}])" + Regex.Escape(phrase.Trim()) + @"(?![\p{L}\p{N}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    private static async Task<Runbook> LoadAsync(AppDbContext db, int runbookId, bool tracked, CancellationToken ct)
    {
        var query = db.Runbooks.Include(r => r.Services).ThenInclude(s => s.Service).AsQueryable();
        if (!tracked)
        {
            query = query.AsNoTracking();
        }
        return await query.FirstOrDefaultAsync(r => r.Id == runbookId, ct)
            ?? throw new NotFoundException("That runbook does not exist.");
    }

    private static void CheckVersion(Runbook runbook, int expectedVersion)
    {
        if (runbook.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException($"Someone else changed \"{runbook.Title}\" while you were editing it. Your text is kept below; compare it with the latest and save again.");
        }
    }

    private static async Task SaveWithRevisionAsync(AppDbContext db, Runbook runbook, Actor actor, DateTime now, string reason, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            var number = await db.RunbookRevisions.Where(r => r.RunbookId == runbook.Id).MaxAsync(r => (int?)r.Number, ct) ?? 0;
            db.RunbookRevisions.Add(new RunbookRevision
            {
                RunbookId = runbook.Id, Number = number + 1, Title = runbook.Title, Keywords = runbook.Keywords, Body = runbook.Body,
                SavedAt = now, SavedById = actor.UserId, SavedByName = actor.DisplayName, Reason = reason,
            });
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException($"Someone else changed \"{runbook.Title}\" at the same moment. Your text is kept below; compare it with the latest and save again.");
        }
    }

    private static string EscapeLike(string term) => term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private static RunbookSummary Summary(Runbook r) => new(r.Id, r.Title, Runbook.SplitKeywords(r.Keywords),
        r.Services.Select(s => s.Service?.Name ?? "").OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList(), r.UpdatedAt, r.UpdatedByName);

    private static RunbookView View(Runbook r) => new(r.Id, r.Title, r.Keywords, r.Body,
        r.Services.Select(s => s.ServiceId).ToList(),
        r.Services.Select(s => s.Service?.Name ?? "").OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList(),
        r.UpdatedAt, r.UpdatedByName, r.Version);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
