using Microsoft.Extensions.Time.Testing;
using System.Security.Claims;
using System.Text;
using IncidentCenter.Accounts;
using IncidentCenter.Catalog;
using IncidentCenter.Data;
using IncidentCenter.Extensions;
using IncidentCenter.Incidents;
using IncidentCenter.Timeline;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IncidentCenter.Tests.Support;

/// <summary>
/// The app's services as Program wires them (AddApplicationServices), on a SQLite file of
/// their own in a temp folder, with a fake clock. One per test: nothing leaks between tests.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _folder;

    private TestApp(IHost host, string folder, FakeTimeProvider clock)
    {
        _host = host;
        _folder = folder;
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => _host.Services;
    public string DatabasePath => Path.Combine(_folder, "test.db");

    public IncidentService Incidents => Services.GetRequiredService<IncidentService>();
    public IncidentQueries Queries => Services.GetRequiredService<IncidentQueries>();
    public TimelineService Timeline => Services.GetRequiredService<TimelineService>();
    public ServiceCatalog Catalog => Services.GetRequiredService<ServiceCatalog>();
    public UserAdminService UserAdmin => Services.GetRequiredService<UserAdminService>();

    /// <param name="allowLoopbackWebhooks">Adds 127.0.0.0/8 and ::1 to Webhooks:AllowedAddresses, for the loopback test receivers.</param>
    /// <param name="settings">Further configuration, e.g. another Webhooks:AllowedAddresses.</param>
    /// <param name="services">Replaces services after the app's own registrations (e.g. the host resolver).</param>
    public static async Task<TestApp> CreateAsync(bool migrate = true, bool allowLoopbackWebhooks = true,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "incidentcenter-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = folder,
            EnvironmentName = "Testing",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Path"] = "test.db" });
        if (allowLoopbackWebhooks)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Webhooks:AllowedAddresses:0"] = "127.0.0.0/8",
                ["Webhooks:AllowedAddresses:1"] = "::1",
            });
        }
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.AddApplicationServices();
        var clock = TestClock.Create();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services?.Invoke(builder.Services);
        var app = new TestApp(builder.Build(), folder, clock);
        if (migrate)
        {
            await using var db = await app.CreateDbContextAsync();
            await DatabaseStartup.MigrateAsync(db);
            await app.EnsureRolesAsync();
        }
        return app;
    }

    public async Task EnsureRolesAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await FirstAdminSetup.EnsureRolesAsync(scope.ServiceProvider);
    }

    public Task<AppDbContext> CreateDbContextAsync() =>
        Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var db = await CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>Creates an account (no password, so no slow hashing) and returns it as a signed-in caller.</summary>
    public async Task<TestUser> CreateUserAsync(string displayName, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"{displayName.Replace(' ', '.').ToLowerInvariant()}@example.test";
        var account = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        Check(await users.CreateAsync(account));
        Check(await users.AddToRoleAsync(account, role));
        return new TestUser(account.Id, displayName, Principal(account.Id));
    }

    public static ClaimsPrincipal Principal(string userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"));

    /// <summary>The first column of every row a query returns, read straight from the file.</summary>
    public async Task<List<string?>> SqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string?>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        return values;
    }

    /// <summary>Every row of every table, as text: equal snapshots mean nothing was written.</summary>
    public async Task<string> SnapshotAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            // The title search index (IncidentTitleSearch and its shadow tables, two of them without rowid)
            // is derived from Incidents, which the snapshot has.
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'IncidentTitleSearch%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            text.Append("## ").AppendLine(table);
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.GetName(i)).Append('=').Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append("; ");
                }
                text.AppendLine();
            }
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere stays behind in the temp folder; not worth failing a test over.
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

public sealed record TestUser(string Id, string DisplayName, ClaimsPrincipal Principal);
