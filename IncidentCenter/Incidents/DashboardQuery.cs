namespace IncidentCenter.Incidents;

/// <summary>
/// The dashboard's address bar: the filters, order and page as the query string gives them (strings, so that
/// "?page=abc" or "?sort=xyz" shows the first page in the usual order instead of failing the whole page), what
/// they ask the server for, and the query string of a changed view.
/// </summary>
public sealed record DashboardQuery(
    string? State = null,
    string? Severity = null,
    string? Service = null,
    string? Text = null,
    string? Page = null,
    string? Sort = null,
    string? Direction = null)
{
    public const int PageSize = 25;

    public int PageIndex => int.TryParse(Page, out var p) ? Math.Clamp(p - 1, 0, 1_000_000) : 0;

    public DashboardSort SortColumn => Sort switch
    {
        "reference" => DashboardSort.Reference,
        "severity" => DashboardSort.Severity,
        "state" => DashboardSort.State,
        _ => DashboardSort.Default,
    };

    public bool Descending => Direction == "desc";

    public DashboardFilter ToFilter() => new(
        State: Enum.TryParse<IncidentState>(State, out var s) && Enum.IsDefined(s) ? s : null,
        OpenOnly: State == "open",
        Severity: Enum.TryParse<IncidentCenter.Incidents.Severity>(Severity, out var sev) && Enum.IsDefined(sev) ? sev : null,
        ServiceId: int.TryParse(Service, out var sid) ? sid : null,
        Text: Text,
        Page: PageIndex,
        PageSize: PageSize,
        Sort: SortColumn,
        Descending: Descending);

    public static int PageCount(DashboardPage? result) => result is null ? 1 : Math.Max(1, (result.Total + PageSize - 1) / PageSize);

    /// <summary>The aria-sort of a column header.</summary>
    public string AriaSort(DashboardSort column) => SortColumn != column ? "none" : Descending ? "descending" : "ascending";

    /// <summary>A sort header pressed: first ascending, again to reverse.</summary>
    public IReadOnlyDictionary<string, object?> SortedBy(DashboardSort column) =>
        Change(sort: column, descending: SortColumn == column && !Descending);

    /// <summary>
    /// The query parameters of this view with the given ones changed (null keeps the current value; an empty
    /// or blank one removes it). Any filter or order change starts again at the first result.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Change(string? state = null, string? severity = null, string? service = null, string? q = null,
        int? page = null, DashboardSort? sort = null, bool? descending = null)
    {
        var newSort = sort ?? SortColumn;
        return new Dictionary<string, object?>
        {
            ["state"] = Blank(state ?? State),
            ["severity"] = Blank(severity ?? Severity),
            ["service"] = Blank(service ?? Service),
            ["q"] = Blank(q ?? Text),
            ["sort"] = newSort == DashboardSort.Default ? null : newSort.ToString().ToLowerInvariant(),
            ["dir"] = newSort != DashboardSort.Default && (descending ?? Descending) ? "desc" : null,
            ["page"] = page is { } p && p > 0 ? p + 1 : null,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
