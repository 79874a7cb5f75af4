using IncidentCenter.Accounts;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Data;

public partial class AppDbContext
{
    public DbSet<AccountSettings> AccountSettings => Set<AccountSettings>();

    partial void OnModelCreatingAccounts(ModelBuilder builder)
    {
        builder.Entity<AccountSettings>(e =>
        {
            e.Property(s => s.Id).ValueGeneratedNever();
            e.Property(s => s.UpdatedByName).HasMaxLength(100);
        });
    }
}
