using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Tests.Data;

public class MigrationTests : IAsyncLifetime
{
    private const string Initial = "20261123000001_Initial";
    private const string Timeline = "20261123000002_Timeline";
    private const string DashboardSearch = "20261123000003_DashboardSearch";
    private const string Postmortems = "20261123000004_Postmortems";
    private const string StatusPage = "20261123000005_StatusPage";
    private const string Response = "20261123000006_Response";
    private const string Playbooks = "20261123000008_Playbooks";
    private const string AccountSecurity = "20261202000001_AccountSecurity";
    private const string Notifications = "20261123000007_Notifications";
    private const string StageAgreement = "20261202000009_StageAgreement";
    private const string AuditAndPurge = "20261202000011_AuditAndPurge";

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.CreateAsync(migrate: false);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task MigrateAsync(string? target = null)
    {
        await using var db = await _app.CreateDbContextAsync();
        await DatabaseStartup.MigrateAsync(db, target);
    }

    private Task<List<string?>> TablesAsync() => _app.SqlAsync("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");

    [Fact]
    public async Task The_migrations_are_the_ones_this_test_knows()
    {
        await using var db = await _app.CreateDbContextAsync();
        Assert.Equal([Initial, Timeline, DashboardSearch, Postmortems, StatusPage, Response, Notifications, Playbooks, AccountSecurity, StageAgreement, AuditAndPurge], db.Database.GetMigrations());
    }

    [Fact]
    public async Task A_database_from_the_first_release_keeps_its_incidents_and_gains_a_timeline()
    {
        await MigrateAsync(Initial);
        Assert.DoesNotContain("TimelineEntries", await TablesAsync());

        // Data as the first release wrote it, in raw SQL so that today's model has no say.
        await _app.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Incidents" ("Id", "Title", "Description", "Severity", "State", "IsOpen", "DetectedAt", "DeclaredAt",
                "StateChangedAt", "ResolvedAt", "ClosedAt", "DeclaredById", "CommanderId", "CommanderName", "Version")
            VALUES (7, 'Old outage', 'From before the timeline', 1, 1, 1, '2026-11-20 09:55:00', '2026-11-20 10:00:00',
                '2026-11-20 10:30:00', NULL, NULL, 'old-user', 'old-user', 'Olga Old', 3);
            INSERT INTO "IncidentStateChanges" ("IncidentId", "From", "To", "At", "ByUserId", "Reason")
            VALUES (7, NULL, 0, '2026-11-20 10:00:00', 'old-user', NULL), (7, 0, 1, '2026-11-20 10:30:00', 'old-user', NULL);
            """));

        await MigrateAsync();

        await using (var db = await _app.CreateDbContextAsync())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal([Initial, Timeline, DashboardSearch, Postmortems, StatusPage, Response, Notifications, Playbooks, AccountSecurity, StageAgreement, AuditAndPurge], await db.Database.GetAppliedMigrationsAsync());
        }
        await _app.EnsureRolesAsync();
        var rita = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);

        var detail = await _app.Queries.GetAsync(rita.Principal, 7);
        Assert.Equal("Old outage", detail.Incident.Title);
        Assert.Equal(Severity.Sev1, detail.Incident.Severity);
        Assert.Equal(IncidentState.Identified, detail.Incident.State);
        Assert.Equal(new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc), detail.Incident.DeclaredAt);
        Assert.Equal(DateTimeKind.Utc, detail.Incident.DeclaredAt.Kind);
        Assert.Equal(2, detail.StateChanges.Count);

        var entry = await _app.Timeline.AddAsync(rita.Principal, 7, new TimelineDraft { Text = "Picked up after the upgrade" });
        await _app.Incidents.ChangeStateAsync(rita.Principal, 7, 3, IncidentState.Monitoring);
        var timeline = await _app.Timeline.ListAsync(rita.Principal, 7);
        Assert.Equal(2, timeline.Count);
        Assert.Contains(timeline, t => t.Id == entry.Id && t.Text == "Picked up after the upgrade");
        Assert.Contains(timeline, t => t.Kind == TimelineEntryKind.System && t.Text.Contains("Identified to Monitoring"));
    }

    [Fact]
    public async Task Down_to_the_first_migration_drops_the_timeline_and_keeps_incidents()
    {
        await MigrateAsync();
        await _app.EnsureRolesAsync();
        var rita = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        await _app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "Kept" });

        await MigrateAsync(Initial);

        var tables = await TablesAsync();
        Assert.DoesNotContain("TimelineEntries", tables);
        Assert.DoesNotContain("TimelineEntryRevisions", tables);
        Assert.DoesNotContain("Postmortems", tables);
        Assert.DoesNotContain("ActionItems", tables);
        Assert.Equal(["Kept"], await _app.SqlAsync("SELECT \"Title\" FROM \"Incidents\""));

        await MigrateAsync();
        Assert.Contains("TimelineEntries", await TablesAsync());
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing_and_the_database_uses_WAL()
    {
        await MigrateAsync();
        var before = await _app.SnapshotAsync();
        await MigrateAsync();
        Assert.Equal(before, await _app.SnapshotAsync());
        Assert.Equal(["wal"], await _app.SqlAsync("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Action_items_from_before_playbooks_become_follow_ups_and_defaults_are_seeded()
    {
        await MigrateAsync(StatusPage);
        await _app.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Incidents" ("Id", "Title", "Description", "Severity", "State", "IsOpen", "DetectedAt", "DeclaredAt",
                "StateChangedAt", "ResolvedAt", "ClosedAt", "DeclaredById", "CommanderId", "CommanderName", "Version")
            VALUES (3, 'Old outage', '', 2, 3, 0, '2026-11-20 09:55:00', '2026-11-20 10:00:00',
                '2026-11-20 10:30:00', '2026-11-20 10:30:00', NULL, 'u', 'u', 'Olga Old', 1);
            INSERT INTO "ActionItems" ("IncidentId", "Title", "OwnerId", "OwnerName", "DueDate", "State", "CreatedAt", "Version")
            VALUES (3, 'Add an alert', NULL, NULL, NULL, 0, '2026-11-20 11:00:00', 0);
            """));

        await MigrateAsync();

        Assert.Equal(["0"], await _app.SqlAsync("SELECT \"Kind\" FROM \"ActionItems\""));
        var items = await _app.QueryAsync(db => db.ActionItems.ToListAsync());
        Assert.Equal(IncidentCenter.Postmortems.ActionItemKind.FollowUp, Assert.Single(items).Kind);
        Assert.Equal(3, await _app.QueryAsync(db => db.ChecklistTemplates.CountAsync()));
        Assert.Equal(8, await _app.QueryAsync(db => db.Runbooks.CountAsync()));

        await MigrateAsync(StatusPage);
        Assert.DoesNotContain("Runbooks", await TablesAsync());
        Assert.Equal(["Add an alert"], await _app.SqlAsync("SELECT \"Title\" FROM \"ActionItems\""));
    }
}
