using Bunit;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Incidents.Pages;
using IncidentCenter.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Severity = IncidentCenter.Incidents.Severity;

namespace IncidentCenter.Tests.Incidents;

/// <summary>
/// The dashboard page rendered with bUnit on the app's own services and a real SQLite database: its
/// sort headers and pager ask the server for another page, and the rows change to what the query returns.
/// </summary>
public sealed class DashboardRenderingTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _vera = null!;
    private TestUser _rita = null!;
    private readonly List<(int Id, Severity Severity)> _declared = [];

    /// <summary>30 open incidents, an hour apart, severities cycling SEV4, SEV3, SEV2, SEV1 (INC-4, INC-8, ... are SEV1).</summary>
    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _rita = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        _vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        for (var n = 1; n <= 30; n++)
        {
            _app.Clock.Advance(TimeSpan.FromHours(1));
            var severity = (Severity)(4 - (n - 1) % 4);
            var incident = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = $"Outage number {n}", Severity = severity });
            _declared.Add((incident.Id, severity));
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private BunitContext NewContext()
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddFallbackServiceProvider(_app.Services);
        context.AddAuthorization();
        return context;
    }

    private IRenderedComponent<Dashboard> Render(BunitContext context)
    {
        context.Render<MudPopoverProvider>();
        var auth = Task.FromResult(new AuthenticationState(_vera.Principal));
        return context.Render<Dashboard>(p => p.AddCascadingValue(auth));
    }

    private static List<string> References(IRenderedComponent<Dashboard> page) =>
        page.FindAll("td[data-reference]").Select(td => td.GetAttribute("data-reference")!).ToList();

    private static string Reference(int id) => IncidentReference.Format(id);

    [Fact]
    public async Task Sorting_by_severity_then_paging_shows_the_rows_the_server_orders()
    {
        await using var context = NewContext();
        var page = Render(context);

        // First page: the newest 25, newest first.
        page.WaitForAssertion(() => Assert.Equal(25, References(page).Count));
        Assert.Equal(_declared.AsEnumerable().Reverse().Take(25).Select(d => Reference(d.Id)), References(page));
        Assert.Contains("Page 1 of 2 · 30 incidents", page.Markup);

        // The Severity header sorts on the server: every SEV1 first (newest first among them), then SEV2, ...
        page.FindAll("th button").Single(b => b.TextContent.Trim() == "Severity").Click();
        var bySeverity = _declared.OrderBy(d => d.Severity).ThenByDescending(d => d.Id).Select(d => Reference(d.Id)).ToList();
        page.WaitForAssertion(() => Assert.Equal(bySeverity.Take(25), References(page)));
        Assert.Equal("ascending", page.FindAll("th").Single(th => th.TextContent.Trim() == "Severity").GetAttribute("aria-sort"));
        Assert.EndsWith("?sort=severity", context.Services.GetRequiredService<NavigationManager>().Uri);

        // The next page holds the rest of that order.
        page.Find("nav[aria-label='Pages'] button[aria-label='Next page']").Click();
        page.WaitForAssertion(() => Assert.Equal(bySeverity.Skip(25), References(page)));
        Assert.Contains("Page 2 of 2 · 30 incidents", page.Markup);

        // Again on the header: reversed, and back on the first page.
        page.FindAll("th button").Single(b => b.TextContent.Trim() == "Severity").Click();
        var reversed = _declared.OrderByDescending(d => d.Severity).ThenByDescending(d => d.Id).Select(d => Reference(d.Id)).Take(25).ToList();
        page.WaitForAssertion(() => Assert.Equal(reversed, References(page)));
        Assert.Equal("descending", page.FindAll("th").Single(th => th.TextContent.Trim() == "Severity").GetAttribute("aria-sort"));
    }

    [Fact]
    public async Task Sorting_by_reference_gives_the_oldest_first_and_each_row_is_a_link_named_by_its_reference()
    {
        await using var context = NewContext();
        var page = Render(context);
        page.WaitForAssertion(() => Assert.Equal(25, References(page).Count));

        page.FindAll("th button").Single(b => b.TextContent.Trim() == "Incident").Click();

        page.WaitForAssertion(() => Assert.Equal(_declared.Take(25).Select(d => Reference(d.Id)), References(page)));
        var first = page.Find("td[data-reference] a");
        Assert.StartsWith(Reference(_declared[0].Id) + " ", first.TextContent.Trim());
        Assert.Equal($"/incidents/{Reference(_declared[0].Id)}", first.GetAttribute("href"));
    }

    [Fact]
    public async Task Rows_follow_a_declaration_elsewhere_without_a_reload()
    {
        await using var context = NewContext();
        var page = Render(context);
        page.WaitForAssertion(() => Assert.Equal(25, References(page).Count));

        var declared = await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Fresh outage" });

        page.WaitForAssertion(() => Assert.Equal(Reference(declared.Id), References(page)[0]), TimeSpan.FromSeconds(10));
        Assert.Contains("Page 1 of 2 · 31 incidents", page.Markup);
    }
}
