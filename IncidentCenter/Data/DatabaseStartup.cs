using IncidentCenter.Accounts;
using IncidentCenter.Postmortems;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IncidentCenter.Data;

public static class DatabaseStartup
{
    /// <summary>Brings the database to the current schema, then makes sure roles and the configured first admin exist.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseStartup));
        var db = provider.GetRequiredService<AppDbContext>();

        await MigrateAsync(db);
        await FirstAdminSetup.EnsureRolesAsync(provider);

        var bootstrap = provider.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        var setup = provider.GetRequiredService<FirstAdminSetup>();
        if (!string.IsNullOrWhiteSpace(bootstrap.AdminEmail) && !string.IsNullOrEmpty(bootstrap.AdminPassword) && await setup.IsNeededAsync())
        {
            await setup.CreateFromConfigurationAsync(new NewUser { Email = bootstrap.AdminEmail, Password = bootstrap.AdminPassword, DisplayName = bootstrap.AdminName });
            logger.LogInformation("Created the first Admin {Email} from configuration.", bootstrap.AdminEmail);
        }
        else if (await setup.IsNeededAsync())
        {
            setup.EnsureSetupCode(); // logs it
        }
    }

    /// <summary>
    /// Migrates to <paramref name="targetMigration"/> (or the latest). After a full migration, a database
    /// without post-mortem templates gets the two defaults, so every migrated database can generate one.
    /// </summary>
    public static async Task MigrateAsync(AppDbContext db, string? targetMigration = null)
    {
        // WAL lets readers (dashboards, live pages) go on while a responder writes.
        await db.Database.OpenConnectionAsync();
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.MigrateAsync(targetMigration);
            if (targetMigration is null)
            {
                await PostmortemTemplateService.EnsureDefaultsAsync(db, DateTime.UtcNow);
                await Playbooks.DefaultPlaybooks.EnsureAsync(db, DateTime.UtcNow);
                await IncidentCenter.StatusPage.StatusTemplateService.EnsureDefaultsAsync(db, DateTime.UtcNow);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
