using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Tests.Support;

namespace IncidentCenter.Tests.Incidents;

public class DashboardQueryTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _alice = null!;
    private TestUser _vera = null!;
    private readonly Dictionary<string, int> _ids = [];
    private int _paymentsId;

    /// <summary>
    /// Declared an hour apart, oldest first: "DNS" (resolved), "Checkout" (open, Payments),
    /// "Refunds" (closed, Payments), "Search" (open, identified), "Login" (open, SEV1).
    /// </summary>
    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _alice = await _app.CreateUserAsync("Alice Responder", AppRoles.Responder);
        _vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        _paymentsId = (await _app.Catalog.AddAsync(_alice.Principal, "Payments", null)).Id;

        await DeclareAsync("DNS resolution failing", Severity.Sev2, IncidentState.Resolved);
        await DeclareAsync("Checkout errors 100% for card payments", Severity.Sev2, null, _paymentsId);
        await DeclareAsync("Refunds delayed", Severity.Sev3, IncidentState.Closed, _paymentsId);
        await DeclareAsync("Search_index stale", Severity.Sev3, IncidentState.Identified);
        await DeclareAsync("Login outage", Severity.Sev1, null);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task DeclareAsync(string title, Severity severity, IncidentState? state, int? serviceId = null)
    {
        _app.Clock.Advance(TimeSpan.FromHours(1));
        var incident = await _app.Incidents.DeclareAsync(_alice.Principal, new DeclareIncident
        {
            Title = title,
            Severity = severity,
            ServiceIds = serviceId is { } id ? [id] : [],
        });
        _ids[title.Split(' ')[0]] = incident.Id;
        var version = 0;
        if (state is IncidentState.Resolved or IncidentState.Closed)
        {
            await _app.Incidents.ChangeStateAsync(_alice.Principal, incident.Id, version++, IncidentState.Resolved);
        }
        if (state is IncidentState.Closed or IncidentState.Identified)
        {
            await _app.Incidents.ChangeStateAsync(_alice.Principal, incident.Id, version, state.Value);
        }
    }

    private async Task<List<string>> TitlesAsync(DashboardFilter filter) =>
        (await _app.Queries.DashboardAsync(_vera.Principal, filter)).Rows.Select(r => r.Title.Split(' ')[0]).ToList();

    [Fact]
    public async Task Open_incidents_come_first_then_the_newest()
    {
        var page = await _app.Queries.DashboardAsync(_vera.Principal, new DashboardFilter());

        Assert.Equal(["Login", "Search_index", "Checkout", "Refunds", "DNS"], page.Rows.Select(r => r.Title.Split(' ')[0]));
        Assert.Equal(5, page.Total);
        Assert.Equal(3, page.OpenCount);
    }

    [Fact]
    public async Task Rows_carry_what_the_dashboard_shows()
    {
        var row = (await _app.Queries.DashboardAsync(_vera.Principal, new DashboardFilter())).Rows.Single(r => r.Id == _ids["Checkout"]);

        Assert.Equal("Checkout errors 100% for card payments", row.Title);
        Assert.Equal(Severity.Sev2, row.Severity);
        Assert.Equal(IncidentState.Investigating, row.State);
        Assert.Equal("Alice Responder", row.CommanderName);
        Assert.Equal(["Payments"], row.Services);
        Assert.Equal($"INC-{row.Id}", row.Reference);
        Assert.Equal(TestClock.DefaultStart.UtcDateTime.AddHours(2), row.DeclaredAt);
        Assert.Null(row.ResolvedAt);
    }

    [Theory]
    [InlineData(IncidentState.Investigating, "Login,Checkout")]
    [InlineData(IncidentState.Identified, "Search_index")]
    [InlineData(IncidentState.Monitoring, "")]
    [InlineData(IncidentState.Resolved, "DNS")]
    [InlineData(IncidentState.Closed, "Refunds")]
    public async Task Filters_by_state(IncidentState state, string expected)
    {
        Assert.Equal(Split(expected), await TitlesAsync(new DashboardFilter(State: state)));
    }

    [Fact]
    public async Task Filters_to_open_only()
    {
        var page = await _app.Queries.DashboardAsync(_vera.Principal, new DashboardFilter(OpenOnly: true));
        Assert.Equal(["Login", "Search_index", "Checkout"], page.Rows.Select(r => r.Title.Split(' ')[0]));
        Assert.Equal(3, page.Total);
    }

    [Theory]
    [InlineData(Severity.Sev1, "Login")]
    [InlineData(Severity.Sev2, "Checkout,DNS")]
    [InlineData(Severity.Sev3, "Search_index,Refunds")]
    [InlineData(Severity.Sev4, "")]
    public async Task Filters_by_severity(Severity severity, string expected)
    {
        Assert.Equal(Split(expected), await TitlesAsync(new DashboardFilter(Severity: severity)));
    }

    [Fact]
    public async Task Filters_by_service()
    {
        Assert.Equal(["Checkout", "Refunds"], await TitlesAsync(new DashboardFilter(ServiceId: _paymentsId)));
        Assert.Empty(await TitlesAsync(new DashboardFilter(ServiceId: _paymentsId + 1)));
    }

    [Theory]
    [InlineData("outage", "Login")]
    [InlineData("  OUTAGE ", "Login")]
    [InlineData("error", "Checkout")]
    [InlineData("%", "Checkout")]       // % and _ are matched literally, not as LIKE wildcards
    [InlineData("_", "Search_index")]
    [InlineData("h_i", "Search_index")]
    [InlineData("nothing like this", "")]
    public async Task Filters_by_text_in_the_title(string text, string expected)
    {
        Assert.Equal(Split(expected), await TitlesAsync(new DashboardFilter(Text: text)));
    }

    [Theory]
    [InlineData("INC-{0}")]
    [InlineData("inc-{0}")]
    [InlineData("{0}")]
    public async Task Finds_an_incident_by_its_reference(string format)
    {
        var id = _ids["Refunds"];
        Assert.Equal(["Refunds"], await TitlesAsync(new DashboardFilter(Text: string.Format(System.Globalization.CultureInfo.InvariantCulture, format, id))));
    }

    [Fact]
    public async Task Finds_INC_42_among_many()
    {
        for (var i = 0; i < 40; i++)
        {
            await DeclareAsync($"Filler {i}", Severity.Sev4, null);
        }
        var inc42 = await _app.Queries.DashboardAsync(_vera.Principal, new DashboardFilter(Text: "INC-42"));

        var row = Assert.Single(inc42.Rows);
        Assert.Equal(42, row.Id);
        Assert.Equal("INC-42", row.Reference);
        Assert.Equal(1, inc42.Total);
    }

    [Fact]
    public async Task Filters_combine()
    {
        Assert.Equal(["Checkout"], await TitlesAsync(new DashboardFilter(OpenOnly: true, ServiceId: _paymentsId)));
        Assert.Equal(["DNS"], await TitlesAsync(new DashboardFilter(Severity: Severity.Sev2, Text: "dns")));
        Assert.Empty(await TitlesAsync(new DashboardFilter(State: IncidentState.Closed, Severity: Severity.Sev1)));
    }

    [Fact]
    public async Task Pages_through_in_order_with_the_total()
    {
        var pages = new List<DashboardPage>();
        for (var p = 0; p < 4; p++)
        {
            pages.Add(await _app.Queries.DashboardAsync(_vera.Principal, new DashboardFilter(Page: p, PageSize: 2)));
        }

        Assert.All(pages, p => Assert.Equal(5, p.Total));
        Assert.All(pages, p => Assert.Equal(3, p.OpenCount));
        Assert.Equal([2, 2, 1, 0], pages.Select(p => p.Rows.Count));
        Assert.Equal(["Login", "Search_index", "Checkout", "Refunds", "DNS"], pages.SelectMany(p => p.Rows).Select(r => r.Title.Split(' ')[0]));
    }

    [Fact]
    public async Task Paging_values_out_of_range_are_clamped()
    {
        Assert.Single((await _app.Queries.DashboardAsync(_vera.Principal, new DashboardFilter(PageSize: 0))).Rows);
        Assert.Equal(5, (await _app.Queries.DashboardAsync(_vera.Principal, new DashboardFilter(PageSize: 100_000))).Rows.Count);
        Assert.Equal("Login", (await TitlesAsync(new DashboardFilter(Page: -3, PageSize: 1)))[0]);
    }

    [Fact]
    public async Task The_total_counts_the_filter_not_the_page()
    {
        var page = await _app.Queries.DashboardAsync(_vera.Principal, new DashboardFilter(Severity: Severity.Sev3, PageSize: 1));
        Assert.Single(page.Rows);
        Assert.Equal(2, page.Total);
        Assert.Equal(3, page.OpenCount); // open count is for the whole list, whatever the filter
    }

    private static List<string> Split(string csv) => csv.Length == 0 ? [] : [.. csv.Split(',')];
}
