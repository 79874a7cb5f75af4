using IncidentCenter.Incidents;
using IncidentCenter.Intake;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Data;

public partial class AppDbContext
{
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AlertLink> AlertLinks => Set<AlertLink>();

    partial void OnModelCreatingIntake(ModelBuilder builder)
    {
        builder.Entity<ApiToken>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(ApiToken.NameMaxLength);
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.Property(t => t.Prefix).HasMaxLength(16);
            e.HasIndex(t => t.TokenHash).IsUnique();
        });

        builder.Entity<AlertLink>(e =>
        {
            e.Property(l => l.Fingerprint).HasMaxLength(AlertLink.FingerprintMaxLength);
            e.Property(l => l.Source).HasMaxLength(20);
            e.Property(l => l.AlertName).HasMaxLength(AlertLink.NameMaxLength);
            e.HasIndex(l => new { l.Fingerprint, l.IncidentId }).IsUnique();
            e.HasIndex(l => l.IncidentId);
            e.HasOne<Incident>().WithMany().HasForeignKey(l => l.IncidentId);
        });
    }
}
