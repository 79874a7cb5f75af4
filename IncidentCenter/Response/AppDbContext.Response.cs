using IncidentCenter.Incidents;
using IncidentCenter.Response;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Data;

public partial class AppDbContext
{
    public DbSet<SeverityPolicySetting> SeverityPolicies => Set<SeverityPolicySetting>();
    public DbSet<EscalationLevel> EscalationLevels => Set<EscalationLevel>();
    public DbSet<IncidentResponse> IncidentResponses => Set<IncidentResponse>();
    public DbSet<ResponseBreach> ResponseBreaches => Set<ResponseBreach>();
    public DbSet<IncidentEscalation> IncidentEscalations => Set<IncidentEscalation>();

    partial void OnModelCreatingResponse(ModelBuilder builder)
    {
        builder.Entity<SeverityPolicySetting>(e =>
        {
            e.ToTable("SeverityPolicies");
            e.HasKey(p => p.Severity);
            e.Property(p => p.Severity).ValueGeneratedNever();
            e.Property(p => p.Version).IsConcurrencyToken();
        });

        builder.Entity<EscalationLevel>(e =>
        {
            e.HasKey(l => l.Level);
            e.Property(l => l.Level).ValueGeneratedNever();
            e.Property(l => l.Name).HasMaxLength(EscalationLevel.NameMaxLength);
            e.Property(l => l.Contact).HasMaxLength(EscalationLevel.ContactMaxLength);
            e.Property(l => l.Version).IsConcurrencyToken();
        });

        builder.Entity<IncidentResponse>(e =>
        {
            e.HasKey(r => r.IncidentId);
            e.Property(r => r.IncidentId).ValueGeneratedNever();
            e.HasOne<Incident>().WithOne().HasForeignKey<IncidentResponse>(r => r.IncidentId);
        });

        builder.Entity<ResponseBreach>(e =>
        {
            e.HasIndex(b => new { b.IncidentId, b.Target }).IsUnique();
            e.HasOne<Incident>().WithMany().HasForeignKey(b => b.IncidentId);
        });

        builder.Entity<IncidentEscalation>(e =>
        {
            e.Property(x => x.Reason).HasMaxLength(IncidentEscalation.ReasonMaxLength);
            e.HasIndex(x => new { x.IncidentId, x.Level }).IsUnique();
            e.HasOne<Incident>().WithMany().HasForeignKey(x => x.IncidentId);
        });
    }
}
