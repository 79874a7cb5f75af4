using IncidentCenter.Catalog;
using IncidentCenter.Incidents;
using IncidentCenter.Playbooks;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Data;

public partial class AppDbContext
{
    public DbSet<ChecklistTemplate> ChecklistTemplates => Set<ChecklistTemplate>();
    public DbSet<ChecklistTemplateItem> ChecklistTemplateItems => Set<ChecklistTemplateItem>();
    public DbSet<ChecklistTemplateServiceLink> ChecklistTemplateServices => Set<ChecklistTemplateServiceLink>();
    public DbSet<IncidentChecklist> IncidentChecklists => Set<IncidentChecklist>();
    public DbSet<IncidentChecklistItem> IncidentChecklistItems => Set<IncidentChecklistItem>();
    public DbSet<Runbook> Runbooks => Set<Runbook>();
    public DbSet<RunbookServiceLink> RunbookServices => Set<RunbookServiceLink>();
    public DbSet<RunbookRevision> RunbookRevisions => Set<RunbookRevision>();

    partial void OnModelCreatingPlaybooks(ModelBuilder builder)
    {
        builder.Entity<ChecklistTemplate>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(ChecklistTemplate.NameMaxLength).UseCollation("NOCASE");
            e.HasIndex(t => t.Name).IsUnique();
            e.Property(t => t.Description).HasMaxLength(ChecklistTemplate.DescriptionMaxLength);
            e.Property(t => t.Version).IsConcurrencyToken();
            e.HasMany(t => t.Items).WithOne().HasForeignKey(i => i.TemplateId);
            e.HasMany(t => t.Services).WithOne().HasForeignKey(s => s.TemplateId);
        });

        builder.Entity<ChecklistTemplateItem>(e =>
        {
            e.Property(i => i.Text).HasMaxLength(ChecklistTemplateItem.TextMaxLength);
            e.HasIndex(i => new { i.TemplateId, i.Position });
        });

        builder.Entity<ChecklistTemplateServiceLink>(e =>
        {
            e.HasKey(l => new { l.TemplateId, l.ServiceId });
            e.HasOne(l => l.Service).WithMany().HasForeignKey(l => l.ServiceId);
        });

        builder.Entity<IncidentChecklist>(e =>
        {
            e.HasIndex(c => new { c.IncidentId, c.TemplateId }).IsUnique();
            e.HasOne<Incident>().WithMany().HasForeignKey(c => c.IncidentId);
            // Deleting a template keeps the checklists already copied from it.
            e.HasOne<ChecklistTemplate>().WithMany().HasForeignKey(c => c.TemplateId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.ChecklistId);
        });

        builder.Entity<IncidentChecklistItem>(e =>
        {
            e.Property(i => i.Version).IsConcurrencyToken();
            e.HasIndex(i => new { i.ChecklistId, i.Position });
        });

        builder.Entity<Runbook>(e =>
        {
            e.Property(r => r.Title).HasMaxLength(Runbook.TitleMaxLength).UseCollation("NOCASE");
            e.HasIndex(r => r.Title).IsUnique();
            e.Property(r => r.Keywords).HasMaxLength(Runbook.KeywordsMaxLength);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.HasMany(r => r.Services).WithOne().HasForeignKey(s => s.RunbookId);
        });

        builder.Entity<RunbookServiceLink>(e =>
        {
            e.HasKey(l => new { l.RunbookId, l.ServiceId });
            e.HasOne(l => l.Service).WithMany().HasForeignKey(l => l.ServiceId);
        });

        builder.Entity<RunbookRevision>(e =>
        {
            e.HasIndex(r => new { r.RunbookId, r.Number }).IsUnique();
            e.HasOne<Runbook>().WithMany().HasForeignKey(r => r.RunbookId);
        });
    }
}
