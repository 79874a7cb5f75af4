using IncidentCenter.Audit;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Data;

// Configured by attributes on AuditEntry, so the context's OnModelCreating needs no hook for it.
public partial class AppDbContext
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
}
