using System.Globalization;
using IncidentCenter.Accounts;
using IncidentCenter.Catalog;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Tests;

/// <summary>
/// The dashboard query as it runs at scale: title search through the FTS5 trigram index (3+ characters)
/// or LIKE (shorter), the index kept in step by triggers, and every filter checked against a plain
/// in-memory filter over the same incidents.
/// </summary>
public class DashboardSearchTests : IAsyncLifetime
{
    private static readonly string[] ServiceNames = ["payments", "dns", "search", "email"];

    private static readonly string[] Titles =
    [
        "Checkout latency in EU-West", "Database replication lag", "DNS resolution failing", "Login errors for SSO users",
        "Payments API timeouts", "Search index stale", "Email delivery delayed", "CDN 5xx errors",
        "node-123 disk full", "Cache eviction storm", "Follow-up to INC-7 and INC-70", "100% CPU on worker pool",
        "Queue backlog_growing", "Say \"hi\" OR bye* (NEAR)", "Mobile app crash on launch", "Latency SPIKE after deploy",
    ];

    private TestApp _app = null!;
    private TestUser _rita = null!;
    private TestUser _vera = null!;
    private readonly Dictionary<string, int> _serviceIds = [];

    /// <summary>What was seeded, to filter in memory: the incidents and the service ids of each.</summary>
    private List<(Incident Incident, int[] ServiceIds)> _seeded = [];

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _rita = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        _vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        await SeedAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// 80 incidents through EF (so the insert trigger runs as it does in the app): every state and
    /// severity, 0 to 2 services each, and some incidents declared at the same moment.
    /// </summary>
    private async Task SeedAsync()
    {
        var random = new Random(7);
        var start = TestClock.DefaultStart.UtcDateTime.AddDays(-30);
        await using var db = await _app.CreateDbContextAsync();
        var services = ServiceNames.Select(n => new Service { Name = n, CreatedAt = start }).ToList();
        db.Services.AddRange(services);
        await db.SaveChangesAsync();
        foreach (var s in services)
        {
            _serviceIds[s.Name] = s.Id;
        }

        var incidents = new List<Incident>();
        for (var n = 0; n < 80; n++)
        {
            var state = (IncidentState)random.Next(5);
            var declaredAt = start.AddHours(random.Next(60));
            incidents.Add(new Incident
            {
                Title = Titles[n % Titles.Length] + (n < Titles.Length ? "" : $" #{n}"),
                Severity = (Severity)random.Next(1, 5),
                State = state,
                IsOpen = IncidentLifecycle.IsOpen(state),
                DetectedAt = declaredAt,
                DeclaredAt = declaredAt,
                StateChangedAt = declaredAt,
                DeclaredById = _rita.Id,
                CommanderId = _rita.Id,
                CommanderName = _rita.DisplayName,
                Services = services.Where(_ => random.Next(3) == 0).Take(2).Select(s => new IncidentServiceLink { ServiceId = s.Id }).ToList(),
            });
        }
        db.Incidents.AddRange(incidents);
        await db.SaveChangesAsync();
        _seeded = incidents.Select(i => (i, i.Services.Select(s => s.ServiceId).ToArray())).ToList();
    }

    /// <summary>The dashboard's contract in plain C#: matching incidents, open first, then newest, then highest id.</summary>
    private List<int> Expected(DashboardFilter filter)
    {
        var text = filter.Text?.Trim() ?? "";
        var isReference = IncidentReference.TryParse(text, out var id);
        return _seeded
            .Where(x => filter.State is null || x.Incident.State == filter.State)
            .Where(x => !filter.OpenOnly || x.Incident.State < IncidentState.Resolved)
            .Where(x => filter.Severity is null || x.Incident.Severity == filter.Severity)
            .Where(x => filter.ServiceId is null || x.ServiceIds.Contains(filter.ServiceId.Value))
            .Where(x => text.Length == 0 || x.Incident.Title.Contains(text, StringComparison.OrdinalIgnoreCase) || (isReference && x.Incident.Id == id))
            .Select(x => x.Incident)
            .OrderByDescending(i => i.IsOpen).ThenByDescending(i => i.DeclaredAt).ThenByDescending(i => i.Id)
            .Select(i => i.Id)
            .ToList();
    }

    private Task<DashboardPage> DashboardAsync(DashboardFilter filter) => _app.Queries.DashboardAsync(_vera.Principal, filter);

    /// <summary>Every page of a filter, 7 rows at a time, so that paging is part of the comparison.</summary>
    private async Task<(List<int> Ids, int Total)> AllPagesAsync(DashboardFilter filter)
    {
        var ids = new List<int>();
        var total = -1;
        for (var page = 0; ; page++)
        {
            var result = await DashboardAsync(filter with { Page = page, PageSize = 7 });
            Assert.True(total == -1 || total == result.Total, "The total changed between pages.");
            total = result.Total;
            ids.AddRange(result.Rows.Select(r => r.Id));
            if (result.Rows.Count < 7)
            {
                return (ids, total);
            }
        }
    }

    private async Task<List<string>> TitlesAsync(string text) =>
        (await DashboardAsync(new DashboardFilter(Text: text, PageSize: IncidentQueries.MaxPageSize))).Rows.Select(r => r.Title).ToList();

    [Theory]
    [InlineData(null, false, null, null, null)]
    [InlineData(IncidentState.Investigating, false, null, null, null)]
    [InlineData(IncidentState.Closed, false, null, null, null)]
    [InlineData(null, true, null, null, null)]
    [InlineData(null, false, Severity.Sev1, null, null)]
    [InlineData(null, true, Severity.Sev2, null, null)]
    [InlineData(null, false, null, "payments", null)]
    [InlineData(null, true, null, "dns", null)]
    [InlineData(null, false, null, null, "latency")]
    [InlineData(null, false, null, null, "LAT")]
    [InlineData(null, false, null, null, " errors ")]
    [InlineData(null, false, null, null, "db")]
    [InlineData(null, false, null, null, "E")]
    [InlineData(null, false, null, null, "12")]
    [InlineData(null, false, null, null, "INC-7")]
    [InlineData(null, false, null, null, "#4")]
    [InlineData(null, false, Severity.Sev2, "payments", "a")]
    [InlineData(IncidentState.Resolved, false, null, null, "err")]
    [InlineData(null, false, Severity.Sev2, "dns", "err")]
    [InlineData(null, true, Severity.Sev4, "dns", "in")]
    [InlineData(null, true, Severity.Sev1, "search", "in")]
    [InlineData(IncidentState.Monitoring, true, Severity.Sev4, "email", "lay")]
    public async Task Every_filter_returns_what_a_plain_filter_over_the_same_incidents_does(
        IncidentState? state, bool openOnly, Severity? severity, string? service, string? text)
    {
        var filter = new DashboardFilter(state, openOnly, severity, service is null ? null : _serviceIds[service], text);
        var expected = Expected(filter);

        var (ids, total) = await AllPagesAsync(filter);

        Assert.Equal(expected, ids);
        Assert.Equal(expected.Count, total);
        Assert.Equal(_seeded.Count(x => x.Incident.IsOpen), (await DashboardAsync(filter)).OpenCount);
    }

    [Fact]
    public async Task The_seed_exercises_every_kind_of_filter()
    {
        Assert.NotEmpty(Expected(new DashboardFilter(State: IncidentState.Closed)));
        Assert.NotEmpty(Expected(new DashboardFilter(OpenOnly: true, ServiceId: _serviceIds["dns"])));
        Assert.NotEmpty(Expected(new DashboardFilter(Severity: Severity.Sev2, ServiceId: _serviceIds["payments"], Text: "a")));
        Assert.NotEmpty(Expected(new DashboardFilter(State: IncidentState.Resolved, Text: "err")));
        Assert.NotEmpty(Expected(new DashboardFilter(Severity: Severity.Sev2, ServiceId: _serviceIds["dns"], Text: "err")));
        Assert.NotEmpty(Expected(new DashboardFilter(OpenOnly: true, Severity: Severity.Sev4, ServiceId: _serviceIds["dns"], Text: "in")));
        Assert.Contains(_seeded, x => _seeded.Count(y => y.Incident.DeclaredAt == x.Incident.DeclaredAt) > 1);
    }

    [Theory]
    [InlineData("latency")]
    [InlineData("LATENCY")]
    [InlineData("kout lat")]
    [InlineData("eu-WEST")]
    public async Task Three_or_more_characters_find_any_part_of_a_title_ignoring_case_through_the_search_index(string text)
    {
        var expected = _seeded.Select(x => x.Incident).Where(i => i.Title.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(expected);

        Assert.Equal(expected.Select(i => i.Title).Order(), (await TitlesAsync(text)).Order());
        var indexed = await _app.SqlAsync($"""SELECT rowid FROM "IncidentTitleSearch" WHERE "IncidentTitleSearch" MATCH '"{text}"'""");
        Assert.Equal(expected.Select(i => i.Id).Order(), indexed.Select(id => int.Parse(id!, CultureInfo.InvariantCulture)).Order());
    }

    [Theory]
    [InlineData("eu", "Checkout latency in EU-West")]
    [InlineData("SS", "Login errors for SSO users")]
    [InlineData("%", "100% CPU on worker pool")]
    [InlineData("_", "Queue backlog_growing")]
    [InlineData("\"", "Say \"hi\" OR bye* (NEAR)")]
    public async Task One_or_two_characters_find_any_part_of_a_title_ignoring_case_with_LIKE(string text, string title)
    {
        var titles = await TitlesAsync(text);

        Assert.Contains(title, titles);
        Assert.All(titles, t => Assert.Contains(text, t, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_renamed_incident_is_found_by_its_new_title_and_no_longer_by_the_old_one()
    {
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Wobbly frobnicator" });
        Assert.Equal(["Wobbly frobnicator"], await TitlesAsync("frobnic"));

        await _app.Incidents.UpdateDetailsAsync(_rita.Principal, incident.Id, incident.Version, new UpdateIncidentDetails { Title = "Quantum flux capacitor" });

        Assert.Equal(["Quantum flux capacitor"], await TitlesAsync("FLUX CAP"));
        Assert.Empty(await TitlesAsync("frobnic"));
    }

    [Fact]
    public async Task The_search_index_matches_the_incidents_after_inserts_updates_and_deletes()
    {
        var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Short-lived" });
        await _app.Incidents.UpdateDetailsAsync(_rita.Principal, incident.Id, incident.Version, new UpdateIncidentDetails { Title = "Renamed once" });
        // Incidents are never deleted by the app; the delete trigger is there so that a manual clean-up keeps the index right.
        await _app.QueryAsync(db => db.Database.ExecuteSqlAsync($"""DELETE FROM "Incidents" WHERE "Id" = {_seeded[0].Incident.Id}"""));

        // Compares every indexed entry with the Incidents table and fails on any difference.
        await _app.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "IncidentTitleSearch"("IncidentTitleSearch", rank) VALUES ('integrity-check', 1)"""));
        Assert.Equal(["Renamed once"], await TitlesAsync("renamed"));
        Assert.Empty(await TitlesAsync("Short-lived"));
        Assert.DoesNotContain(_seeded[0].Incident.Title, await TitlesAsync(_seeded[0].Incident.Title));
    }

    [Fact]
    public async Task A_database_from_before_the_search_index_gets_its_titles_indexed_and_can_go_back()
    {
        const string Timeline = "20261123000002_Timeline";
        await using var app = await TestApp.CreateAsync(migrate: false);
        await using (var db = await app.CreateDbContextAsync())
        {
            await DatabaseStartup.MigrateAsync(db, Timeline);
        }
        // An incident as the earlier release wrote it, in raw SQL so that today's model has no say.
        const string insertOld = """
            INSERT INTO "Incidents" ("Id", "Title", "Description", "Severity", "State", "IsOpen", "DetectedAt", "DeclaredAt",
                "StateChangedAt", "ResolvedAt", "ClosedAt", "DeclaredById", "CommanderId", "CommanderName", "Version")
            VALUES ({0}, 'Old outage in EU-West', '', 2, 0, 1, '2026-11-20 09:55:00', '2026-11-20 10:00:00',
                '2026-11-20 10:00:00', NULL, NULL, 'old-user', 'old-user', 'Olga Old', 1);
            """;
        await app.SqlAsync(string.Format(CultureInfo.InvariantCulture, insertOld, 7));

        await using (var db = await app.CreateDbContextAsync())
        {
            await DatabaseStartup.MigrateAsync(db);
            var page = await IncidentQueries.DashboardAsync(db, new DashboardFilter(Text: "OUTAGE IN eu"), CancellationToken.None);
            Assert.Equal([7], page.Rows.Select(r => r.Id));
            Assert.Equal(["IX_Incidents_Severity_IsOpen_DeclaredAt"], await app.SqlAsync("SELECT name FROM sqlite_master WHERE name LIKE 'IX_Incidents_Severity%'"));

            await DatabaseStartup.MigrateAsync(db, Timeline);
        }

        Assert.Empty(await app.SqlAsync("SELECT name FROM sqlite_master WHERE name LIKE 'IncidentTitleSearch%' OR name LIKE 'Incidents_TitleSearch%'"));
        Assert.Equal(["IX_Incidents_Severity_DeclaredAt"], await app.SqlAsync("SELECT name FROM sqlite_master WHERE name LIKE 'IX_Incidents_Severity%'"));
        await app.SqlAsync(string.Format(CultureInfo.InvariantCulture, insertOld, 8));
        Assert.Equal(["7", "8"], await app.SqlAsync("""SELECT "Id" FROM "Incidents" ORDER BY "Id" """));
    }

    [Theory]
    [InlineData("a\"b OR c*")]
    [InlineData("\"hi\" OR bye*")]
    [InlineData("\"\"")]
    [InlineData("\"\"\"")]
    [InlineData("NEAR(a b)")]
    [InlineData("(NEAR)")]
    [InlineData("latency OR dns")]
    [InlineData("latency AND NOT dns")]
    [InlineData("lat*")]
    [InlineData("^Check")]
    [InlineData("title:latency")]
    [InlineData("{title}: dns")]
    [InlineData("-dns +lag")]
    [InlineData("'); DROP TABLE \"Incidents\"; --")]
    public async Task Text_that_looks_like_FTS_syntax_is_searched_for_literally(string text)
    {
        var filter = new DashboardFilter(Text: text, PageSize: IncidentQueries.MaxPageSize);

        var page = await DashboardAsync(filter);

        Assert.Equal(Expected(filter), page.Rows.Select(r => r.Id));
        Assert.Equal(80, await _app.QueryAsync(db => db.Incidents.CountAsync()));
    }

    [Theory]
    [InlineData("\"hi\" OR bye* (near")]
    [InlineData("y \"h")]
    public async Task Quotes_OR_and_stars_in_a_title_are_found_as_written(string text)
    {
        var titles = await TitlesAsync(text);

        Assert.Contains("Say \"hi\" OR bye* (NEAR)", titles);
        Assert.All(titles, t => Assert.StartsWith("Say \"hi\" OR bye* (NEAR)", t));
    }

    [Theory]
    [InlineData("INC-{0}")]
    [InlineData("inc-{0}")]
    [InlineData("{0}")]
    public async Task Finds_an_incident_by_its_reference(string format)
    {
        var incident = _seeded[41].Incident;
        var text = string.Format(CultureInfo.InvariantCulture, format, incident.Id);

        var page = await DashboardAsync(new DashboardFilter(Text: text));

        Assert.Contains(incident.Id, page.Rows.Select(r => r.Id));
        Assert.All(page.Rows, r => Assert.True(r.Id == incident.Id || r.Title.Contains(text, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_reference_also_finds_titles_that_mention_it()
    {
        var rows = (await DashboardAsync(new DashboardFilter(Text: "INC-7", PageSize: IncidentQueries.MaxPageSize))).Rows;

        Assert.Contains(rows, r => r.Id == 7);
        Assert.Contains(rows, r => r.Title.StartsWith("Follow-up to INC-7", StringComparison.Ordinal));
        Assert.Equal(Expected(new DashboardFilter(Text: "INC-7")), rows.Select(r => r.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Severity.Sev3)]
    public async Task Open_incidents_come_first_then_the_newest(Severity? severity)
    {
        var (ids, _) = await AllPagesAsync(new DashboardFilter(Severity: severity));
        var rows = ids.Select(id => _seeded.Single(x => x.Incident.Id == id).Incident).ToList();

        Assert.Equal(_seeded.Count(x => severity is null || x.Incident.Severity == severity), rows.Count);
        var firstClosed = rows.FindIndex(i => !i.IsOpen);
        Assert.True(firstClosed > 0, "Expected open incidents, then resolved or closed ones.");
        Assert.All(rows[..firstClosed], i => Assert.True(i.IsOpen));
        Assert.All(rows[firstClosed..], i => Assert.False(i.IsOpen));
        foreach (var group in new[] { rows[..firstClosed], rows[firstClosed..] })
        {
            Assert.Equal(group.OrderByDescending(i => i.DeclaredAt).ThenByDescending(i => i.Id), group);
        }
    }

    [Fact]
    public async Task With_a_state_filter_the_newest_come_first()
    {
        var (ids, _) = await AllPagesAsync(new DashboardFilter(State: IncidentState.Resolved));
        var expected = _seeded.Select(x => x.Incident).Where(i => i.State == IncidentState.Resolved)
            .OrderByDescending(i => i.DeclaredAt).ThenByDescending(i => i.Id).Select(i => i.Id);

        Assert.Equal(expected, ids);
    }

    [Theory]
    [InlineData("abc\0", "abc")]
    [InlineData("late\0ncy", "latency")]
    [InlineData("\0", "")]
    [InlineData("\0\0\0", "")]
    [InlineData("dns\u0001\u001f\u007f", "dns")]
    [InlineData("\0INC-7", "INC-7")]
    [InlineData("lag\uD800", null)]
    [InlineData("\uDC00", null)]
    [InlineData("\u202Elatency", null)]
    [InlineData("\"\0\"", "\"\"")]
    public async Task Control_characters_and_broken_text_in_the_search_are_ignored_not_an_error(string text, string? sameAs)
    {
        var filter = new DashboardFilter(Text: text, PageSize: IncidentQueries.MaxPageSize);

        var page = await DashboardAsync(filter);

        if (sameAs is not null)
        {
            Assert.Equal(Expected(filter with { Text = sameAs }), page.Rows.Select(r => r.Id));
        }
    }

    [Fact]
    public async Task A_million_character_search_answers()
    {
        var page = await DashboardAsync(new DashboardFilter(Text: new string('a', 1_000_000) + "\0"));

        Assert.Empty(page.Rows);
    }
}
