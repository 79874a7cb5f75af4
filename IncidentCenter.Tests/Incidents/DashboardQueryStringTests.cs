using IncidentCenter.Incidents;
using Severity = IncidentCenter.Incidents.Severity;

namespace IncidentCenter.Tests.Incidents;

/// <summary>The dashboard's query string: what it asks the server for, and the address of a changed view.</summary>
public sealed class DashboardQueryStringTests
{
    [Fact]
    public void The_query_string_becomes_the_filter_the_server_runs()
    {
        var query = new DashboardQuery(State: "Monitoring", Severity: "Sev2", Service: "7", Text: "checkout", Page: "3", Sort: "severity", Direction: "desc");

        Assert.Equal(new DashboardFilter(IncidentState.Monitoring, false, Severity.Sev2, 7, "checkout", 2, DashboardQuery.PageSize, DashboardSort.Severity, true),
            query.ToFilter());
        Assert.Equal(new DashboardFilter(OpenOnly: true, PageSize: DashboardQuery.PageSize), new DashboardQuery(State: "open").ToFilter());
    }

    [Theory]
    [InlineData("abc", null, null, null, 0, DashboardSort.Default, false)]
    [InlineData("0", "xyz", "up", "9", 0, DashboardSort.Default, false)]
    [InlineData("-4", "reference", "desc", "Sev9", 0, DashboardSort.Reference, true)]
    [InlineData("99999999", "state", "asc", "Bogus", 1_000_000, DashboardSort.State, false)]
    public void Nonsense_in_the_address_shows_the_first_page_in_the_usual_order_rather_than_failing(
        string page, string? sort, string? direction, string? value, int pageIndex, DashboardSort column, bool descending)
    {
        var filter = new DashboardQuery(State: value, Severity: value, Page: page, Sort: sort, Direction: direction).ToFilter();

        Assert.Equal(pageIndex, filter.Page);
        Assert.Equal(column, filter.Sort);
        Assert.Equal(descending, filter.Descending);
        Assert.Null(filter.State);
        Assert.Null(filter.Severity);
        Assert.False(filter.OpenOnly);
    }

    [Fact]
    public void A_changed_filter_keeps_the_others_drops_blank_ones_and_starts_again_at_the_first_page()
    {
        var query = new DashboardQuery(State: "open", Severity: "Sev1", Text: "db", Page: "4", Sort: "state", Direction: "desc");

        var changed = query.Change(severity: "", q: "  ");

        Assert.Equal(new Dictionary<string, object?>
        {
            ["state"] = "open", ["severity"] = null, ["service"] = null, ["q"] = null, ["sort"] = "state", ["dir"] = "desc", ["page"] = null,
        }, changed);
        Assert.Equal(5, query.Change(page: 4)["page"]);
        Assert.Null(query.Change(page: 0)["page"]);
    }

    [Fact]
    public void A_sort_header_sorts_ascending_then_reverses_and_says_so_in_aria_sort()
    {
        var unsorted = new DashboardQuery();
        Assert.Equal("none", unsorted.AriaSort(DashboardSort.Severity));
        var ascending = unsorted.SortedBy(DashboardSort.Severity);
        Assert.Equal(("severity", null), ((string?)ascending["sort"], (string?)ascending["dir"]));

        var bySeverity = new DashboardQuery(Sort: "severity");
        Assert.Equal("ascending", bySeverity.AriaSort(DashboardSort.Severity));
        Assert.Equal("none", bySeverity.AriaSort(DashboardSort.State));
        Assert.Equal("desc", bySeverity.SortedBy(DashboardSort.Severity)["dir"]);
        Assert.Null(bySeverity.SortedBy(DashboardSort.State)["dir"]);

        var descending = new DashboardQuery(Sort: "severity", Direction: "desc");
        Assert.Equal("descending", descending.AriaSort(DashboardSort.Severity));
        Assert.Null(descending.SortedBy(DashboardSort.Severity)["dir"]);
        // The usual order has no direction of its own.
        Assert.Equal((null, null), ((string?)descending.Change(sort: DashboardSort.Default)["sort"], (string?)descending.Change(sort: DashboardSort.Default)["dir"]));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(25, 1)]
    [InlineData(26, 2)]
    [InlineData(51, 3)]
    public void Pages_hold_25_incidents_and_there_is_always_one(int total, int pages) =>
        Assert.Equal(pages, DashboardQuery.PageCount(new DashboardPage([], total, 0)));
}
