using Bunit;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Incidents.Pages;
using IncidentCenter.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace IncidentCenter.Tests.Components;

/// <summary>
/// The roles panel driven as a person drives it: type part of a name into the person picker, choose it with
/// the keyboard or a click, press Assign; the role is written to the real SQLite file.
/// </summary>
public sealed class IncidentRolesPanelTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private TestApp _app = null!;
    private TestUser _rita = null!;
    private TestUser _ada = null!;
    private int _incidentId;
    private BunitContext _ui = null!;
    private int _conflicts;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _rita = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        _ada = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        _incidentId = (await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Checkout is failing", Severity = Severity.Sev2 })).Id;
        _ui = IncidentBunit.Create(_app.Services);
    }

    public async Task DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> RenderAsync(TestUser user, bool canRespond, IncidentDetail? detail = null)
    {
        detail ??= await _app.Queries.GetAsync(user.Principal, _incidentId);
        return _ui.RenderPage(user.Principal, b =>
        {
            b.OpenComponent<IncidentRolesPanel>(0);
            b.AddComponentParameter(1, nameof(IncidentRolesPanel.Detail), detail);
            b.AddComponentParameter(2, nameof(IncidentRolesPanel.CanRespond), canRespond);
            b.AddComponentParameter(3, nameof(IncidentRolesPanel.OnConflict), EventCallback.Factory.Create(this, () => _conflicts++));
            b.CloseComponent();
        });
    }

    private async Task<List<(IncidentRole Role, string Name)>> RolesAsync() =>
        (await _app.Queries.GetAsync(_rita.Principal, _incidentId)).Incident.Roles.Select(r => (r.Role, r.UserName)).OrderBy(r => r).ToList();

    private async Task WaitForRolesAsync(Func<List<(IncidentRole Role, string Name)>, bool> done)
    {
        for (var attempt = 0; attempt < 200 && !done(await RolesAsync()); attempt++)
        {
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task Typing_part_of_a_name_and_choosing_it_with_the_keyboard_assigns_the_role()
    {
        var page = await RenderAsync(_rita, canRespond: true);

        var person = page.Labelled("Person");
        person.Focus();
        person.Input("ada");
        // Only the matching person is offered, in the popover.
        page.WaitForAssertion(() => Assert.Equal(["Ada Admin"], page.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim())), Patience);
        // As a browser sends the keys: down, then up (the autocomplete picks on Enter's key-up).
        foreach (var key in new[] { "ArrowDown", "Enter" })
        {
            page.Labelled("Person").KeyDown(new KeyboardEventArgs { Key = key });
            page.Labelled("Person").KeyUp(new KeyboardEventArgs { Key = key });
        }
        page.WaitForAssertion(() => Assert.Equal("Ada Admin", page.Labelled("Person").GetAttribute("value")), Patience);
        page.Button("Assign").Click();

        await WaitForRolesAsync(roles => roles.Count == 2);
        Assert.Equal([(IncidentRole.Commander, "Rita Responder"), (IncidentRole.Responder, "Ada Admin")], await RolesAsync());
        page.WaitForAssertion(() => Assert.Contains("Ada Admin is now Responder.", _ui.Snackbars()), Patience);
        // Assigned: the picker is empty again, with no complaint in it.
        page.WaitForAssertion(() => Assert.Equal("", page.Labelled("Person").GetAttribute("value") ?? ""), Patience);
        Assert.DoesNotContain("Choose a person to assign.", page.Markup);
    }

    [Fact]
    public async Task Assign_without_a_person_says_so_at_the_field_and_assigns_nothing()
    {
        var page = await RenderAsync(_rita, canRespond: true);

        page.Button("Assign").Click();

        page.WaitForAssertion(() => Assert.Contains("Choose a person to assign.", page.Markup), Patience);
        Assert.Equal([(IncidentRole.Commander, "Rita Responder")], await RolesAsync());
    }

    [Fact]
    public async Task A_click_on_remove_takes_the_person_off_their_role()
    {
        var version = (await _app.Queries.GetAsync(_rita.Principal, _incidentId)).Incident.Version;
        await _app.Incidents.AssignRoleAsync(_rita.Principal, _incidentId, version, IncidentRole.Scribe, _ada.Id);
        var page = await RenderAsync(_rita, canRespond: true);

        // The commander is handed over, never removed.
        Assert.DoesNotContain("Remove Rita Responder as Incident Commander", page.Buttons());
        page.Button("Remove Ada Admin as Scribe").Click();

        await WaitForRolesAsync(roles => roles.Count == 1);
        Assert.Equal([(IncidentRole.Commander, "Rita Responder")], await RolesAsync());
    }

    [Fact]
    public async Task A_stale_page_is_told_someone_else_changed_it_and_keeps_the_choice()
    {
        var stale = await _app.Queries.GetAsync(_rita.Principal, _incidentId);
        await _app.Incidents.AssignRoleAsync(_ada.Principal, _incidentId, stale.Incident.Version, IncidentRole.Scribe, _ada.Id);
        var page = await RenderAsync(_rita, canRespond: true, detail: stale);

        page.Labelled("Person").Input("ada");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-popover-open .mud-list-item")), Patience);
        page.FindAll(".mud-popover-open .mud-list-item").Single().Click();
        page.Button("Assign").Click();

        page.WaitForAssertion(() => Assert.Equal(1, _conflicts), Patience);
        Assert.Single(_ui.Snackbars());
        Assert.Equal("Ada Admin", page.Labelled("Person").GetAttribute("value"));
        Assert.DoesNotContain((IncidentRole.Responder, "Ada Admin"), await RolesAsync());
    }

    [Fact]
    public async Task A_Viewer_sees_who_holds_which_role_and_no_control()
    {
        var vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        var page = await RenderAsync(vera, canRespond: false);

        Assert.Contains("Incident Commander", page.Find("[aria-label=Roles]").TextContent);
        Assert.Contains("Rita Responder", page.Find("[aria-label=Roles]").TextContent);
        Assert.Empty(page.Buttons());
        Assert.Empty(page.FindAll("input"));
    }
}
