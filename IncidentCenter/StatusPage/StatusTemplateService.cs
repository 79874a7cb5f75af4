using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Audit;
using IncidentCenter.Data;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.StatusPage;

/// <summary>The four stage templates: anyone signed in reads them, only Admins change them.</summary>
public sealed class StatusTemplateService(IDbContextFactory<AppDbContext> dbFactory, ActorResolver actors, TimeProvider clock)
{
    /// <summary>Shown when a preview needs an incident and none is given.</summary>
    public static readonly StatusTemplateFacts SampleFacts = new(
        "Payments are failing for some customers", ["Checkout", "Payments"], StatusImpact.Major,
        new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 23, 10, 30, 0, DateTimeKind.Utc));

    public async Task<IReadOnlyList<StatusTemplateView>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var rows = await db.StatusTemplates.AsNoTracking().ToDictionaryAsync(t => t.Stage, ct);
        return StatusStages.All
            .Select(s => rows.TryGetValue(s, out var t)
                ? new StatusTemplateView(s, t.Body, t.UpdatedAt, t.UpdatedByName, t.Version)
                : new StatusTemplateView(s, StatusTemplates.Default(s), DateTime.MinValue, "", -1))
            .ToList();
    }

    /// <summary>Admin only. Refuses a template with an unknown or unclosed placeholder.</summary>
    public async Task SaveAsync(ClaimsPrincipal user, StatusStage stage, int expectedVersion, string body, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var text = (body ?? "").Replace("\r\n", "\n").Trim();
        if (!Enum.IsDefined(stage))
        {
            throw new ValidationFailedException("Choose a stage.");
        }
        if (StatusTemplates.Check(text) is { } error)
        {
            throw new ValidationFailedException(error);
        }
        var row = await db.StatusTemplates.FirstOrDefaultAsync(t => t.Stage == stage, ct);
        if (row is null)
        {
            row = new StatusTemplate { Stage = stage };
            db.StatusTemplates.Add(row);
        }
        else if (row.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException($"The {stage} template was changed by someone else while you were editing. Your text is kept; reload to see theirs.");
        }
        else
        {
            row.Version++;
        }
        AuditLog.Add(db, actor, user, clock.GetUtcNow().UtcDateTime, "template.status.update", AuditDescriptions.TextChange($"status template {stage}", "", row.Body, text));
        row.Body = text;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdatedByName = actor.DisplayName;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConcurrencyConflictException($"The {stage} template was changed by someone else at the same moment. Your text is kept; reload to see theirs.");
        }
    }

    /// <summary>Writes the default template of every stage that has none (start-up and tests).</summary>
    public static async Task EnsureDefaultsAsync(AppDbContext db, DateTime now)
    {
        var existing = await db.StatusTemplates.Select(t => t.Stage).ToListAsync();
        foreach (var stage in StatusStages.All.Except(existing))
        {
            db.StatusTemplates.Add(new StatusTemplate { Stage = stage, Body = StatusTemplates.Default(stage), UpdatedAt = now, UpdatedByName = "IncidentCenter" });
        }
        await db.SaveChangesAsync();
    }
}
