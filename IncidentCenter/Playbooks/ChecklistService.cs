using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Audit;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Playbooks;

/// <summary>
/// Checklists on incidents (attached at declaration or by hand, ticked by responders, every tick in the
/// timeline) and the templates Admins keep them in.
/// </summary>
public sealed class ChecklistService(
    IDbContextFactory<AppDbContext> dbFactory,
    ActorResolver actors,
    IncidentNotifier notifier,
    TimeProvider clock)
{
    /// <summary>
    /// Adds, to the declaring transaction, a copy of every template for the incident's severity whose services
    /// (if it lists any) include one the incident affects. The caller saves; the incident must have its Id.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AttachAtDeclarationAsync(AppDbContext db, Incident incident, Actor actor, DateTime now, CancellationToken ct = default)
    {
        var services = incident.Services.Select(s => s.Service?.Id ?? s.ServiceId).ToHashSet();
        var templates = await db.ChecklistTemplates.AsNoTracking().Include(t => t.Items).Include(t => t.Services)
            .OrderBy(t => t.Id).ToListAsync(ct);
        var chosen = templates
            .Where(t => t.AppliesTo(incident.Severity) && (t.Services.Count == 0 || t.Services.Any(s => services.Contains(s.ServiceId))))
            .ToList();
        foreach (var template in chosen)
        {
            db.IncidentChecklists.Add(Copy(template, incident.Id, actor, now));
        }
        return chosen.Select(t => t.Name).ToList();
    }

    public async Task<IReadOnlyList<ChecklistView>> ListForIncidentAsync(ClaimsPrincipal user, int incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var checklists = await db.IncidentChecklists.AsNoTracking().Include(c => c.Items)
            .Where(c => c.IncidentId == incidentId).OrderBy(c => c.AttachedAt).ThenBy(c => c.Id).ToListAsync(ct);
        return checklists.Select(View).ToList();
    }

    /// <summary>Attaches a template to a running incident by hand; a template is attached at most once per incident.</summary>
    public async Task<ChecklistView> AttachAsync(ClaimsPrincipal user, int incidentId, int templateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct)
            ?? throw new NotFoundException($"{IncidentReference.Format(incidentId)} does not exist.");
        var template = await db.ChecklistTemplates.AsNoTracking().Include(t => t.Items).FirstOrDefaultAsync(t => t.Id == templateId, ct)
            ?? throw new ValidationFailedException("That checklist template no longer exists.");
        if (await db.IncidentChecklists.AnyAsync(c => c.IncidentId == incidentId && c.TemplateId == templateId, ct))
        {
            throw new ValidationFailedException($"{incident.Reference} already has the {template.Name} checklist.");
        }
        var now = Now();
        var checklist = Copy(template, incidentId, actor, now);
        db.IncidentChecklists.Add(checklist);
        db.TimelineEntries.Add(TimelineEntry.System(incidentId, actor, now,
            $"{actor.DisplayName} attached the {template.Name} checklist.", keyEvent: false));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await notifier.PublishAsync(new IncidentChanged(incidentId, IncidentChangeKind.ChecklistChanged));
        return View(checklist);
    }

    /// <summary>
    /// Sets an item to ticked or not. Idempotent: asking for the state it already has changes nothing and
    /// writes no timeline entry (two people ticking at once: the second simply sees it ticked).
    /// </summary>
    public async Task<TickResult> TickAsync(ClaimsPrincipal user, int itemId, bool isChecked, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireResponderAsync(db, user, ct);
        // The write transaction is taken up front (SQLite BEGIN IMMEDIATE), so the state read below is the latest.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var item = await db.IncidentChecklistItems.FirstOrDefaultAsync(i => i.Id == itemId, ct)
            ?? throw new NotFoundException("That checklist item no longer exists.");
        if (item.IsChecked == isChecked)
        {
            return new TickResult(false, View(item));
        }
        var checklist = await db.IncidentChecklists.AsNoTracking().FirstAsync(c => c.Id == item.ChecklistId, ct);
        var now = Now();
        item.IsChecked = isChecked;
        item.CheckedAt = isChecked ? now : null;
        item.CheckedById = isChecked ? actor.UserId : null;
        item.CheckedByName = isChecked ? actor.DisplayName : null;
        item.Version++;
        var verb = isChecked ? "ticked" : "unticked";
        db.TimelineEntries.Add(TimelineEntry.System(checklist.IncidentId, actor, now,
            $"{actor.DisplayName} {verb} \"{item.Text}\" ({checklist.Name} checklist).", keyEvent: false));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else changed it at the same moment: show them what it is now.
            await tx.RollbackAsync(ct);
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            var current = await fresh.IncidentChecklistItems.AsNoTracking().FirstAsync(i => i.Id == itemId, ct);
            return new TickResult(false, View(current));
        }
        await notifier.PublishAsync(new IncidentChanged(checklist.IncidentId, IncidentChangeKind.ChecklistChanged));
        return new TickResult(true, View(item));
    }

    public async Task<IReadOnlyList<ChecklistTemplateView>> ListTemplatesAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await actors.RequireViewerAsync(db, user, ct);
        var templates = await db.ChecklistTemplates.AsNoTracking().Include(t => t.Items).Include(t => t.Services).ThenInclude(s => s.Service)
            .OrderBy(t => t.Name).ToListAsync(ct);
        return templates.Select(TemplateView).ToList();
    }

    /// <summary>Creates (<paramref name="templateId"/> null) or replaces a template. Incidents keep their copies.</summary>
    public async Task<ChecklistTemplateView> SaveTemplateAsync(ClaimsPrincipal user, int? templateId, int expectedVersion, ChecklistTemplateDraft draft, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var name = (draft.Name ?? "").Trim();
        var description = (draft.Description ?? "").Trim();
        var items = draft.Items.Select(i => (i ?? "").Trim()).Where(i => i.Length > 0).ToList();
        var errors = new List<string>();
        if (name.Length == 0)
        {
            errors.Add("Give the checklist a name.");
        }
        else if (name.Length > ChecklistTemplate.NameMaxLength)
        {
            errors.Add($"The name can be at most {ChecklistTemplate.NameMaxLength} characters.");
        }
        if (description.Length > ChecklistTemplate.DescriptionMaxLength)
        {
            errors.Add($"The description can be at most {ChecklistTemplate.DescriptionMaxLength} characters.");
        }
        if (items.Count == 0)
        {
            errors.Add("A checklist needs at least one item.");
        }
        else if (items.Count > ChecklistTemplate.MaxItems)
        {
            errors.Add($"A checklist can have at most {ChecklistTemplate.MaxItems} items.");
        }
        if (items.Any(i => i.Length > ChecklistTemplateItem.TextMaxLength))
        {
            errors.Add($"An item can be at most {ChecklistTemplateItem.TextMaxLength} characters.");
        }
        if (draft.Severities.Any(s => !Enum.IsDefined(s)))
        {
            errors.Add("Choose severities from SEV1 to SEV4.");
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        var serviceIds = draft.ServiceIds.Distinct().ToList();
        var known = await db.Services.Where(s => serviceIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        if (known.Count != serviceIds.Count)
        {
            throw new ValidationFailedException("One of the chosen services no longer exists.");
        }

        // Checked inside the write transaction (BEGIN IMMEDIATE), so two Admins saving the same name at once
        // get a message, not a unique-index failure.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.ChecklistTemplates.AnyAsync(t => t.Name == name && t.Id != templateId, ct))
        {
            throw new ValidationFailedException($"A checklist named \"{name}\" already exists.");
        }
        ChecklistTemplate template;
        if (templateId is { } id)
        {
            template = await db.ChecklistTemplates.Include(t => t.Items).Include(t => t.Services).FirstOrDefaultAsync(t => t.Id == id, ct)
                ?? throw new NotFoundException("That checklist template no longer exists.");
            if (template.Version != expectedVersion)
            {
                throw new ConcurrencyConflictException("Someone else changed this checklist while you were editing it. Your text is kept; check the latest and save again.");
            }
            db.ChecklistTemplateItems.RemoveRange(template.Items);
            db.ChecklistTemplateServices.RemoveRange(template.Services.Where(l => !serviceIds.Contains(l.ServiceId)));
            template.Version++;
        }
        else
        {
            template = new ChecklistTemplate();
            db.ChecklistTemplates.Add(template);
        }
        AuditLog.Add(db, actor, user, Now(), templateId is null ? "template.checklist.create" : "template.checklist.update", AuditDescriptions.Changed($"checklist \"{name}\"", templateId is null ? [] : AuditDescriptions.Of(template), AuditDescriptions.Of(name, description, ChecklistTemplate.Mask(draft.Severities), items)));
        template.Name = name;
        template.Description = description;
        template.Severities = ChecklistTemplate.Mask(draft.Severities);
        template.UpdatedAt = Now();
        template.UpdatedByName = actor.DisplayName;
        template.Items = items.Select((text, i) => new ChecklistTemplateItem { Position = i, Text = text }).ToList();
        var linked = template.Services.Select(l => l.ServiceId).ToHashSet();
        template.Services.AddRange(serviceIds.Where(s => !linked.Contains(s)).Select(s => new ChecklistTemplateServiceLink { ServiceId = s }));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Someone else changed this checklist at the same moment. Your text is kept; check the latest and save again.");
        }
        return (await ListTemplatesAsync(user, ct)).First(t => t.Id == template.Id);
    }

    public async Task DeleteTemplateAsync(ClaimsPrincipal user, int templateId, int expectedVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await actors.RequireAdminAsync(db, user, ct);
        var template = await db.ChecklistTemplates.FirstOrDefaultAsync(t => t.Id == templateId, ct)
            ?? throw new NotFoundException("That checklist template no longer exists.");
        if (template.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException("Someone else changed this checklist in the meantime; check it again before deleting.");
        }
        db.ChecklistTemplates.Remove(template);
        AuditLog.Add(db, actor, user, Now(), "template.checklist.delete", $"checklist \"{template.Name}\" deleted");
        await db.SaveChangesAsync(ct);
    }

    private static IncidentChecklist Copy(ChecklistTemplate template, int incidentId, Actor actor, DateTime now) => new()
    {
        IncidentId = incidentId,
        TemplateId = template.Id,
        Name = template.Name,
        AttachedAt = now,
        AttachedByName = actor.DisplayName,
        Items = template.Items.OrderBy(i => i.Position)
            .Select((i, n) => new IncidentChecklistItem { Position = n, Text = i.Text })
            .ToList(),
    };

    private static ChecklistView View(IncidentChecklist c) =>
        new(c.Id, c.IncidentId, c.TemplateId, c.Name, c.AttachedAt, c.AttachedByName, c.Items.OrderBy(i => i.Position).Select(View).ToList());

    private static ChecklistItemView View(IncidentChecklistItem i) => new(i.Id, i.Text, i.IsChecked, i.CheckedAt, i.CheckedByName);

    private static ChecklistTemplateView TemplateView(ChecklistTemplate t) => new(
        t.Id, t.Name, t.Description, ChecklistTemplate.Unmask(t.Severities),
        t.Services.Select(s => s.ServiceId).ToList(),
        t.Services.Select(s => s.Service?.Name ?? "").OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList(),
        t.Items.OrderBy(i => i.Position).Select(i => i.Text).ToList(),
        t.UpdatedAt, t.UpdatedByName, t.Version);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
