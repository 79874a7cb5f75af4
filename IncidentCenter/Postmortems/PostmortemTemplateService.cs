using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Audit;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Postmortems;

/// <summary>Post-mortem templates: anyone signed in can list and read them, only Admins change them.</summary>
public sealed class PostmortemTemplateService(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<TemplateSummary>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var defaults = await db.PostmortemTemplateDefaults.AsNoTracking().ToListAsync(ct);
        var templates = await db.PostmortemTemplates.AsNoTracking()
            .Select(t => new { t.Id, t.Name, t.UpdatedAt, t.Version })
            .ToListAsync(ct);
        return templates
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Id)
            .Select(t => new TemplateSummary(t.Id, t.Name,
                defaults.Where(d => d.TemplateId == t.Id).Select(d => d.Severity).Order().ToList(), t.UpdatedAt, t.Version))
            .ToList();
    }

    public async Task<PostmortemTemplate> GetAsync(ClaimsPrincipal user, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        return await db.PostmortemTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new NotFoundException("That template does not exist.");
    }

    /// <summary>Creates (<paramref name="id"/> null) or updates a template; refuses one that does not compile, with the line.</summary>
    public async Task<int> SaveAsync(ClaimsPrincipal user, int? id, int expectedVersion, string name, string body, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var trimmedName = (name ?? "").Trim();
        var text = PostmortemMarkdown.Normalize(body);
        var errors = new List<string>();
        if (trimmedName.Length == 0)
        {
            errors.Add("Give the template a name.");
        }
        else if (trimmedName.Length > PostmortemTemplate.NameMaxLength)
        {
            errors.Add($"A template name can be at most {PostmortemTemplate.NameMaxLength} characters.");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("Write the template's text.");
        }
        else if (text.Length > PostmortemTemplate.BodyMaxLength)
        {
            errors.Add($"A template can be at most {PostmortemTemplate.BodyMaxLength:N0} characters.");
        }
        else if (Check(text) is { Ok: false, Error: var error })
        {
            errors.Add(error!);
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        var lowered = trimmedName.ToLower();
        if (await db.PostmortemTemplates.AnyAsync(t => t.Id != id && t.Name.ToLower() == lowered, ct))
        {
            throw new ValidationFailedException($"A template named \"{trimmedName}\" already exists.");
        }

        PostmortemTemplate template;
        if (id is { } existing)
        {
            template = await db.PostmortemTemplates.FirstOrDefaultAsync(t => t.Id == existing, ct)
                ?? throw new NotFoundException("That template does not exist.");
            if (template.Version != expectedVersion)
            {
                throw new ConcurrencyConflictException("Someone else changed this template while you were editing it. Your text is kept; compare with the latest and save again.");
            }
            template.Version++;
        }
        else
        {
            template = new PostmortemTemplate();
            db.PostmortemTemplates.Add(template);
        }
        AuditLog.Add(db, actor, user, clock.GetUtcNow().UtcDateTime, id is null ? "template.postmortem.create" : "template.postmortem.update", AuditDescriptions.TextChange($"post-mortem template \"{trimmedName}\"", template.Name, template.Body, text));
        template.Name = trimmedName;
        template.Body = text;
        template.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        template.UpdatedByName = actor.DisplayName;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Someone else changed this template at the same moment. Your text is kept; compare with the latest and save again.");
        }
        catch (DbUpdateException)
        {
            throw new ValidationFailedException($"A template named \"{trimmedName}\" already exists.");
        }
        return template.Id;
    }

    /// <summary>Makes <paramref name="templateId"/> the template new post-mortems of <paramref name="severity"/> start from.</summary>
    public async Task SetDefaultAsync(ClaimsPrincipal user, Severity severity, int templateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        if (!Enum.IsDefined(severity))
        {
            throw new ValidationFailedException("Choose a severity from SEV1 to SEV4.");
        }
        if (!await db.PostmortemTemplates.AnyAsync(t => t.Id == templateId, ct))
        {
            throw new NotFoundException("That template does not exist.");
        }
        var current = await db.PostmortemTemplateDefaults.FirstOrDefaultAsync(d => d.Severity == severity, ct);
        if (current is null)
        {
            db.PostmortemTemplateDefaults.Add(new PostmortemTemplateDefault { Severity = severity, TemplateId = templateId });
        }
        else
        {
            current.TemplateId = templateId;
        }
        AuditLog.Add(db, actor, user, clock.GetUtcNow().UtcDateTime, "template.postmortem.default", $"{severity}: default template → #{templateId}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Compiles the template and renders it against the sample incident; the first problem comes with its line.</summary>
    public TemplateCheck Check(string body) => PostmortemRenderer.Check(body);

    /// <summary>
    /// The Markdown <paramref name="body"/> gives for a real incident, or for the built-in sample when
    /// <paramref name="incidentId"/> is null. A template error throws <see cref="ValidationFailedException"/> with the line.
    /// </summary>
    public async Task<string> PreviewAsync(ClaimsPrincipal user, string body, int? incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireAdminAsync(db, user, ct);
        var text = PostmortemMarkdown.Normalize(body);
        if (Check(text) is { Ok: false, Error: var error })
        {
            throw new ValidationFailedException(error!);
        }
        var model = incidentId is { } id ? (await PostmortemService.LoadRecordAsync(db, id, ct)).ToModel() : SampleIncident.Model;
        return PostmortemRenderer.Render("being edited", text, model);
    }

    /// <summary>The two default templates and their severities, when the database has no template at all.</summary>
    public static async Task EnsureDefaultsAsync(AppDbContext db, DateTime now, CancellationToken ct = default)
    {
        if (await db.PostmortemTemplates.AnyAsync(ct))
        {
            return;
        }
        var full = new PostmortemTemplate { Name = DefaultTemplates.FullName, Body = DefaultTemplates.Full, UpdatedAt = now, UpdatedByName = "IncidentCenter" };
        var brief = new PostmortemTemplate { Name = DefaultTemplates.ShortName, Body = DefaultTemplates.Short, UpdatedAt = now, UpdatedByName = "IncidentCenter" };
        db.PostmortemTemplates.AddRange(full, brief);
        await db.SaveChangesAsync(ct);
        db.PostmortemTemplateDefaults.RemoveRange(await db.PostmortemTemplateDefaults.ToListAsync(ct));
        db.PostmortemTemplateDefaults.AddRange(DefaultTemplates.FullFor.Select(s => new PostmortemTemplateDefault { Severity = s, TemplateId = full.Id }));
        db.PostmortemTemplateDefaults.AddRange(DefaultTemplates.ShortFor.Select(s => new PostmortemTemplateDefault { Severity = s, TemplateId = brief.Id }));
        await db.SaveChangesAsync(ct);
    }
}
