using IncidentCenter.Catalog;
using IncidentCenter.Incidents;
using IncidentCenter.StatusPage;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Data;

public partial class AppDbContext
{
    public DbSet<StatusComponent> StatusComponents => Set<StatusComponent>();
    public DbSet<StatusComponentChange> StatusComponentChanges => Set<StatusComponentChange>();
    public DbSet<PublicIncident> PublicIncidents => Set<PublicIncident>();
    public DbSet<PublicIncidentComponent> PublicIncidentComponents => Set<PublicIncidentComponent>();
    public DbSet<StatusUpdate> StatusUpdates => Set<StatusUpdate>();
    public DbSet<StatusUpdateComponent> StatusUpdateComponents => Set<StatusUpdateComponent>();
    public DbSet<StatusTemplate> StatusTemplates => Set<StatusTemplate>();
    public DbSet<StageDismissal> StageDismissals => Set<StageDismissal>();

    partial void OnModelCreatingStatusPage(ModelBuilder builder)
    {
        builder.Entity<StatusComponent>(e =>
        {
            e.HasKey(c => c.ServiceId);
            e.Property(c => c.ServiceId).ValueGeneratedNever();
            e.Property(c => c.PublicName).HasMaxLength(StatusComponent.NameMaxLength);
            e.Property(c => c.GroupName).HasMaxLength(StatusComponent.NameMaxLength);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasOne<Service>().WithOne().HasForeignKey<StatusComponent>(c => c.ServiceId);
        });

        builder.Entity<StatusComponentChange>(e =>
        {
            e.HasIndex(c => new { c.ServiceId, c.At });
            e.HasOne<Service>().WithMany().HasForeignKey(c => c.ServiceId);
        });

        builder.Entity<PublicIncident>(e =>
        {
            e.HasKey(p => p.IncidentId);
            e.Property(p => p.IncidentId).ValueGeneratedNever();
            e.Property(p => p.Title).HasMaxLength(PublicIncident.TitleMaxLength);
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasIndex(p => new { p.ResolvedAt, p.StartedAt });
            e.HasOne<Incident>().WithOne().HasForeignKey<PublicIncident>(p => p.IncidentId);
            e.HasMany(p => p.Updates).WithOne().HasForeignKey(u => u.IncidentId);
            e.HasMany(p => p.Components).WithOne().HasForeignKey(c => c.IncidentId);
        });

        builder.Entity<PublicIncidentComponent>(e =>
        {
            e.HasKey(c => new { c.IncidentId, c.ServiceId });
            e.HasIndex(c => new { c.ServiceId, c.IncidentId });
            e.HasOne<Service>().WithMany().HasForeignKey(c => c.ServiceId);
        });

        builder.Entity<StatusUpdate>(e =>
        {
            e.Property(u => u.Body).HasMaxLength(StatusUpdate.BodyMaxLength);
            e.HasIndex(u => new { u.IncidentId, u.PublishedAt });
            e.HasIndex(u => u.PublishedAt);
            e.HasMany(u => u.Components).WithOne().HasForeignKey(c => c.StatusUpdateId);
        });

        builder.Entity<StatusUpdateComponent>(e =>
        {
            e.HasKey(c => new { c.StatusUpdateId, c.ServiceId });
            e.HasIndex(c => c.ServiceId);
            e.HasOne<Service>().WithMany().HasForeignKey(c => c.ServiceId);
        });

        builder.Entity<StatusTemplate>(e =>
        {
            e.HasKey(t => t.Stage);
            e.Property(t => t.Stage).ValueGeneratedNever();
            e.Property(t => t.Version).IsConcurrencyToken();
        });

        builder.Entity<StageDismissal>(e =>
        {
            e.Property(d => d.Reason).HasMaxLength(StageDismissal.ReasonMaxLength);
            e.HasIndex(d => new { d.IncidentId, d.DismissedAt });
            e.HasOne<Incident>().WithMany().HasForeignKey(d => d.IncidentId);
        });
    }
}
