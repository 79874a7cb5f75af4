using IncidentCenter.Accounts;
using IncidentCenter.Catalog;
using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Timeline;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace IncidentCenter.Data;

public partial class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentServiceLink> IncidentServices => Set<IncidentServiceLink>();
    public DbSet<IncidentRoleAssignment> IncidentRoles => Set<IncidentRoleAssignment>();
    public DbSet<IncidentStateChange> IncidentStateChanges => Set<IncidentStateChange>();
    public DbSet<IncidentSeverityChange> IncidentSeverityChanges => Set<IncidentSeverityChange>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<TimelineEntry> TimelineEntries => Set<TimelineEntry>();
    public DbSet<TimelineEntryRevision> TimelineEntryRevisions => Set<TimelineEntryRevision>();
    public DbSet<PostmortemTemplate> PostmortemTemplates => Set<PostmortemTemplate>();
    public DbSet<PostmortemTemplateDefault> PostmortemTemplateDefaults => Set<PostmortemTemplateDefault>();
    public DbSet<Postmortem> Postmortems => Set<Postmortem>();
    public DbSet<PostmortemRevision> PostmortemRevisions => Set<PostmortemRevision>();
    public DbSet<ActionItem> ActionItems => Set<ActionItem>();

    /// <summary>
    /// Migrations are written by hand (EF's design-time package is not available here), so there
    /// is no model snapshot for EF to compare against; SchemaTests check the migrated schema
    /// against the model instead.
    /// </summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps no time zone: everything is stored as UTC and read back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(e => e.Property(u => u.DisplayName).HasMaxLength(100));

        builder.Entity<Service>(e =>
        {
            e.Property(s => s.Name).HasMaxLength(100).UseCollation("NOCASE");
            e.HasIndex(s => s.Name).IsUnique();
        });

        builder.Entity<Incident>(e =>
        {
            // Titles are also indexed for substring search in the FTS5 table IncidentTitleSearch, which is
            // outside the model: see the DashboardSearch migration and IncidentQueries.
            e.Property(i => i.Title).HasMaxLength(200);
            e.Property(i => i.Version).IsConcurrencyToken();
            e.HasIndex(i => new { i.IsOpen, i.DeclaredAt });
            e.HasIndex(i => new { i.State, i.DeclaredAt });
            e.HasIndex(i => new { i.Severity, i.IsOpen, i.DeclaredAt });
            e.HasMany(i => i.Services).WithOne().HasForeignKey(s => s.IncidentId);
            e.HasMany(i => i.Roles).WithOne().HasForeignKey(r => r.IncidentId);
            e.HasMany(i => i.StateChanges).WithOne().HasForeignKey(s => s.IncidentId);
            e.HasMany(i => i.SeverityChanges).WithOne().HasForeignKey(s => s.IncidentId);
        });

        builder.Entity<IncidentServiceLink>(e =>
        {
            e.HasKey(l => new { l.IncidentId, l.ServiceId });
            e.HasIndex(l => new { l.ServiceId, l.IncidentId });
            e.HasOne(l => l.Service).WithMany().HasForeignKey(l => l.ServiceId);
        });

        builder.Entity<IncidentRoleAssignment>(e => e.HasIndex(r => new { r.IncidentId, r.Role }));
        builder.Entity<IncidentStateChange>(e => e.HasIndex(s => new { s.IncidentId, s.At }));
        builder.Entity<IncidentSeverityChange>(e => e.HasIndex(s => new { s.IncidentId, s.At }));

        builder.Entity<TimelineEntry>(e =>
        {
            e.Property(t => t.Version).IsConcurrencyToken();
            e.HasIndex(t => new { t.IncidentId, t.OccurredAt });
            e.HasOne<Incident>().WithMany().HasForeignKey(t => t.IncidentId);
            e.HasMany(t => t.Revisions).WithOne().HasForeignKey(r => r.EntryId);
        });

        builder.Entity<PostmortemTemplate>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(PostmortemTemplate.NameMaxLength).UseCollation("NOCASE");
            e.HasIndex(t => t.Name).IsUnique();
            e.Property(t => t.Version).IsConcurrencyToken();
        });

        builder.Entity<PostmortemTemplateDefault>(e =>
        {
            e.HasKey(d => d.Severity);
            e.HasOne<PostmortemTemplate>().WithMany().HasForeignKey(d => d.TemplateId);
        });

        builder.Entity<Postmortem>(e =>
        {
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasIndex(p => p.IncidentId).IsUnique();
            e.HasIndex(p => new { p.State, p.IncidentId });
            e.HasOne<Incident>().WithMany().HasForeignKey(p => p.IncidentId);
            // A template in use cannot be deleted out from under its post-mortems.
            e.HasOne<PostmortemTemplate>().WithMany().HasForeignKey(p => p.TemplateId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PostmortemRevision>(e =>
        {
            e.HasIndex(r => new { r.PostmortemId, r.Number }).IsUnique();
            e.HasOne<Postmortem>().WithMany().HasForeignKey(r => r.PostmortemId);
        });

        builder.Entity<ActionItem>(e =>
        {
            e.Property(a => a.Title).HasMaxLength(ActionItem.TitleMaxLength);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasIndex(a => a.IncidentId);
            e.HasIndex(a => new { a.State, a.DueDate });
            e.HasOne<Incident>().WithMany().HasForeignKey(a => a.IncidentId);
        });

        // Each feature configures its own tables in its own partial file (AppDbContext.<Feature>.cs).
        OnModelCreatingStatusPage(builder);
        OnModelCreatingResponse(builder);
        OnModelCreatingNotifications(builder);
        OnModelCreatingPlaybooks(builder);
        OnModelCreatingIntake(builder);
        OnModelCreatingAccounts(builder);
    }

    partial void OnModelCreatingStatusPage(ModelBuilder builder);
    partial void OnModelCreatingResponse(ModelBuilder builder);
    partial void OnModelCreatingNotifications(ModelBuilder builder);
    partial void OnModelCreatingPlaybooks(ModelBuilder builder);
    partial void OnModelCreatingIntake(ModelBuilder builder);
    partial void OnModelCreatingAccounts(ModelBuilder builder);

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
