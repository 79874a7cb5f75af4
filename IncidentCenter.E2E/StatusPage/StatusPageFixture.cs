using System.Globalization;
using IncidentCenter.E2E.Support;
using Microsoft.Data.Sqlite;

namespace IncidentCenter.E2E.StatusPage;

/// <summary>
/// An app for the public status page tests, with Bench:Enabled so a test can announce a status
/// change it wrote into the database (POST /bench/status/changed) the way a publish does.
/// </summary>
public sealed class StatusPageApp() : E2EApp(AdminAccount, new Dictionary<string, string> { ["Bench__Enabled"] = "true" })
{
    private static readonly Account AdminAccount = new("Ada Admin", "status-admin@example.test", "admin-password-123", "Admin");

    public Account Admin => AdminAccount;

    public StatusRows Rows => new(Server.DatabasePath, Server.BaseUrl);
}

[CollectionDefinition(Name)]
public sealed class StatusPageCollection : ICollectionFixture<StatusPageApp>
{
    public const string Name = "Status page app";
}

/// <summary>
/// Writes status page rows straight into the app's SQLite file, then tells the app, as the
/// responder-side composer would after its transaction. Replace with the composer's UI once it
/// is merged: only <see cref="PublicIncidentDriver.PublishAsync"/> needs to change.
/// </summary>
public sealed class StatusRows(string databasePath, string baseUrl)
{
    // Stage: Investigating 1, Identified 2, Monitoring 3, Resolved 4. Impact: None 0 .. Critical 3.
    // Component status: Operational 0, Degraded 1, Partial 2, Major 3, Maintenance 4.
    public async Task<int> ServiceIdAsync(string serviceName) =>
        Convert.ToInt32(await ScalarAsync("SELECT Id FROM Services WHERE Name = $name", ("$name", serviceName)), CultureInfo.InvariantCulture);

    public async Task AddComponentAsync(int serviceId, string publicName, string? group = null, bool isPublic = true)
    {
        await ExecuteAsync("""
            INSERT INTO StatusComponents (ServiceId, PublicName, GroupName, IsPublic, SortOrder, Status, StatusChangedAt, Version)
            VALUES ($id, $name, $group, $public, 0, 0, $now, 0)
            """, ("$id", serviceId), ("$name", publicName), ("$group", group), ("$public", isPublic ? 1 : 0), ("$now", Stamp(DateTime.UtcNow)));
        await AnnounceAsync(null, null);
    }

    public async Task<int> PublishAsync(int incidentId, string publicTitle, int stage, int impact, string body, (int ServiceId, int Status)[] components)
    {
        var now = DateTime.UtcNow;
        var exists = await ScalarAsync("SELECT COUNT(*) FROM PublicIncidents WHERE IncidentId = $id", ("$id", incidentId));
        if (Convert.ToInt32(exists, CultureInfo.InvariantCulture) == 0)
        {
            await ExecuteAsync("""
                INSERT INTO PublicIncidents (IncidentId, Title, Stage, Impact, StartedAt, ResolvedAt, NextUpdateBy, LastPublishedAt, Version)
                VALUES ($id, $title, $stage, $impact, $now, NULL, NULL, $now, 0)
                """, ("$id", incidentId), ("$title", publicTitle), ("$stage", stage), ("$impact", impact), ("$now", Stamp(now)));
        }
        var resolved = stage == 4;
        await ExecuteAsync("""
            UPDATE PublicIncidents SET Title = $title, Stage = $stage, Impact = $impact, LastPublishedAt = $now,
                NextUpdateBy = $next, ResolvedAt = $resolved, Version = Version + 1 WHERE IncidentId = $id
            """, ("$id", incidentId), ("$title", publicTitle), ("$stage", stage), ("$impact", impact), ("$now", Stamp(now)),
            ("$next", resolved ? null : Stamp(now.AddMinutes(30))), ("$resolved", resolved ? Stamp(now) : null));
        var updateId = Convert.ToInt32(await ScalarAsync("""
            INSERT INTO StatusUpdates (IncidentId, Stage, Impact, Body, PublishedAt, EffectiveAt, NextUpdateBy, PublishedById, PublishedByName, MovedBack, CorrectionOfId, SupersededAt)
            VALUES ($id, $stage, $impact, $body, $now, $now, $next, 'e2e', 'E2E publisher', 0, NULL, NULL);
            SELECT last_insert_rowid();
            """, ("$id", incidentId), ("$stage", stage), ("$impact", impact), ("$body", body), ("$now", Stamp(now)), ("$next", resolved ? null : Stamp(now.AddMinutes(30)))),
            CultureInfo.InvariantCulture);
        foreach (var (serviceId, status) in components)
        {
            await ExecuteAsync("INSERT OR IGNORE INTO PublicIncidentComponents (IncidentId, ServiceId) VALUES ($id, $service)", ("$id", incidentId), ("$service", serviceId));
            await ExecuteAsync("INSERT INTO StatusUpdateComponents (StatusUpdateId, ServiceId, Status) VALUES ($u, $service, $status)", ("$u", updateId), ("$service", serviceId), ("$status", status));
            await ExecuteAsync("""
                INSERT INTO StatusComponentChanges (ServiceId, "From", "To", At, IncidentId)
                SELECT ServiceId, Status, $status, $now, $id FROM StatusComponents WHERE ServiceId = $service AND Status <> $status
                """, ("$service", serviceId), ("$status", status), ("$now", Stamp(now)), ("$id", incidentId));
            await ExecuteAsync("UPDATE StatusComponents SET Status = $status, StatusChangedAt = $now, Version = Version + 1 WHERE ServiceId = $service",
                ("$service", serviceId), ("$status", status), ("$now", Stamp(now)));
        }
        await AnnounceAsync(incidentId, updateId);
        return updateId;
    }

    private async Task AnnounceAsync(int? incidentId, int? updateId)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var query = incidentId is null ? "" : $"?incidentId={incidentId}&updateId={updateId}";
        (await http.PostAsync("/bench/status/changed" + query, null)).EnsureSuccessStatusCode();
    }

    // EF Core's SQLite text format for DateTime.
    private static string Stamp(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    private async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}

/// <summary>One incident's public side, as the tests drive it.</summary>
public sealed class PublicIncidentDriver(StatusRows rows, int incidentId, string publicTitle, params int[] serviceIds)
{
    public int IncidentId => incidentId;

    /// <summary>
    /// Publishes an update. For now it writes the rows and announces the change through the
    /// bench trigger, because the responder-side composer is built on another branch; once merged,
    /// drive the composer here (a Responder on the incident page) instead.
    /// </summary>
    public Task<int> PublishAsync(string stage, string body, int impact = 2, int componentStatus = 2) =>
        rows.PublishAsync(incidentId, publicTitle, Stage(stage), impact, body, [.. serviceIds.Select(s => (s, componentStatus))]);

    private static int Stage(string stage) => stage switch
    {
        "Investigating" => 1,
        "Identified" => 2,
        "Monitoring" => 3,
        "Resolved" => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}
