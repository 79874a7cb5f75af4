using AngleSharp.Dom;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Playbooks;
using IncidentCenter.Playbooks.Pages;
using IncidentCenter.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Playbooks;

/// <summary>
/// The checklist rows are plain checkboxes. A browser changes the box itself when clicked, and Blazor then
/// sends only what differs from the last render: these tests follow the box as the browser would show it.
/// </summary>
public sealed class ChecklistBoxTests
{
    [Fact]
    public async Task A_tick_the_server_refuses_leaves_the_box_unticked_on_screen()
    {
        await using var app = await TestApp.CreateAsync();
        var ada = await app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        var rita = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        var id = (await app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "Queue stuck", Severity = Severity.Sev3 })).Id;
        var checklists = app.Services.GetRequiredService<ChecklistService>();
        var item = (await checklists.ListForIncidentAsync(rita.Principal, id))[0].Items[0];
        await using var page = new MudPage(app, rita.Principal);
        var panel = page.Render<IncidentChecklists>(p => p.Add(c => c.IncidentId, id).Add(c => c.CanRespond, true));
        panel.WaitForAssertion(() => Assert.NotNull(Box(panel, item.Text)));
        // Rita is made a Viewer while her page is open: the page still offers the box, the server refuses.
        await app.UserAdmin.ChangeRoleAsync(ada.Principal, rita.Id, AppRoles.Viewer);

        var screen = new BrowserCheckbox(panel, item.Text);
        screen.Click();

        panel.WaitForAssertion(() => Assert.Contains(page.Said(), s => s.Contains("Viewers can follow incidents")));
        Assert.False((await checklists.ListForIncidentAsync(rita.Principal, id))[0].Items[0].IsChecked);
        panel.WaitForAssertion(() => Assert.False(screen.Checked, "the box still shows the refused tick"));
        Assert.False(Box(panel, item.Text).HasAttribute("checked"));
    }

    [Fact]
    public async Task A_box_is_named_by_its_item_and_a_viewer_gets_it_disabled()
    {
        await using var app = await TestApp.CreateAsync();
        var rita = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        var vera = await app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        var id = (await app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "Queue stuck", Severity = Severity.Sev3 })).Id;
        var checklists = app.Services.GetRequiredService<ChecklistService>();
        var item = (await checklists.ListForIncidentAsync(rita.Principal, id))[0].Items[0];
        await checklists.TickAsync(rita.Principal, item.Id, true);
        await using var page = new MudPage(app, vera.Principal);
        var panel = page.Render<IncidentChecklists>(p => p.Add(c => c.IncidentId, id).Add(c => c.CanRespond, false));
        panel.WaitForAssertion(() => Assert.NotNull(Box(panel, item.Text)));

        var box = Box(panel, item.Text);
        Assert.Equal("LABEL", box.ParentElement!.ParentElement!.TagName);
        Assert.True(box.HasAttribute("checked"));
        Assert.True(box.HasAttribute("disabled"));
        Assert.Null(box.GetAttribute("tabindex"));
    }

    private static IElement Box(IRenderedComponent<IncidentChecklists> panel, string text) =>
        panel.FindAll("label").Single(l => l.TextContent.Trim() == text).QuerySelector("input[type=checkbox]")!;

    /// <summary>
    /// A checkbox as the browser shows it: a click flips it at once; after that only a render whose
    /// <c>checked</c> differs from the render before it changes it (that is all Blazor sends).
    /// </summary>
    private sealed class BrowserCheckbox
    {
        private readonly IRenderedComponent<IncidentChecklists> _panel;
        private readonly string _text;
        private bool _rendered;

        public BrowserCheckbox(IRenderedComponent<IncidentChecklists> panel, string text)
        {
            _panel = panel;
            _text = text;
            _rendered = Checked = Box(panel, text).HasAttribute("checked");
            panel.OnMarkupUpdated += (_, _) =>
            {
                var now = Box(_panel, _text).HasAttribute("checked");
                if (now != _rendered)
                {
                    Checked = _rendered = now;
                }
            };
        }

        public bool Checked { get; private set; }

        public void Click()
        {
            Checked = !Checked;
            Box(_panel, _text).Change(Checked);
        }
    }
}
