using Bunit;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Incidents.Pages;
using IncidentCenter.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Incidents;

/// <summary>
/// The declare form's "Affected services" (a text field with the browser's suggestions): every name typed reaches the
/// incident, whether the person leaves the box with Tab, presses Enter, or declares straight from the box.
/// </summary>
public sealed class DeclareServicesTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _rita = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _rita = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        var admin = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        await _app.Catalog.AddAsync(admin.Principal, "Payments", null);
        await _app.Catalog.AddAsync(admin.Principal, "Payroll", null);
        await _app.Catalog.AddAsync(admin.Principal, "Checkout", null);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private sealed class Form(MudPage page, IRenderedComponent<Declare> declare)
    {
        public IRenderedComponent<Declare> Declare { get; } = declare;
        public AngleSharp.Dom.IElement Box => Declare.Labelled("Affected services");

        public string[] Chips() =>
            Declare.FindAll("[role=group][aria-label='Chosen services'] .mud-chip").Select(c => c.TextContent.Trim()).ToArray();

        /// <summary>The browser's suggestions for the box: the options of the datalist its list attribute names.</summary>
        public string[] Offered() =>
            Declare.FindAll($"datalist#{Box.GetAttribute("list")} option").Select(o => o.GetAttribute("value") ?? "").ToArray();

        public void Type(string text) => Box.Input(text);

        public MudPage Page => page;

        public void Title(string text) => Declare.Labelled("Title").Input(text);

        public void Submit() => Declare.Button("Declare incident").Click();
    }

    private async Task<(MudPage Page, Form Form)> OpenAsync()
    {
        var page = new MudPage(_app, _rita.Principal);
        var declare = page.Render<Declare>();
        declare.WaitForAssertion(() => declare.Labelled("Affected services"));
        return (page, new Form(page, declare));
    }

    private async Task<IReadOnlyList<string>> DeclaredServicesAsync(MudPage page, Form form)
    {
        var navigation = page.Context.Services.GetRequiredService<NavigationManager>();
        form.Declare.WaitForAssertion(() => Assert.Contains("/incidents/INC-", navigation.Uri));
        Assert.True(IncidentReference.TryParse(navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..], out var id));
        return (await _app.Queries.GetAsync(_rita.Principal, id)).Services;
    }

    [Fact]
    public async Task A_name_typed_then_Tab_becomes_a_chip_and_reaches_the_incident()
    {
        var (page, form) = await OpenAsync();
        await using var _ = page;
        form.Title("Mail delayed");

        form.Type("Mailer");
        // Tab moves the focus on in the browser: the box sees only the blur.
        form.Box.Blur();

        form.Declare.WaitForAssertion(() => Assert.Equal(["Mailer"], form.Chips()));
        Assert.Equal("", form.Box.GetAttribute("value") ?? "");
        Assert.Contains("Remove Mailer", form.Declare.Buttons());
        form.Submit();
        Assert.Equal(["Mailer"], await DeclaredServicesAsync(page, form));
    }

    [Fact]
    public async Task A_new_name_typed_then_Enter_becomes_a_chip_and_the_box_empties_for_the_next()
    {
        var (page, form) = await OpenAsync();
        await using var _ = page;
        form.Title("Mail delayed");

        form.Type("Mailer");
        form.Box.KeyUp(new KeyboardEventArgs { Key = "Enter" });
        form.Declare.WaitForAssertion(() => Assert.Equal(["Mailer"], form.Chips()));
        Assert.Equal("", form.Box.GetAttribute("value") ?? "");

        form.Type("Queue");
        form.Box.KeyUp(new KeyboardEventArgs { Key = "Enter" });
        form.Declare.WaitForAssertion(() => Assert.Equal(["Mailer", "Queue"], form.Chips()));
        form.Submit();
        Assert.Equal(["Mailer", "Queue"], (await DeclaredServicesAsync(page, form)).Order().ToArray());
    }

    [Fact]
    public async Task A_name_still_in_the_box_when_Declare_is_pressed_reaches_the_incident()
    {
        var (page, form) = await OpenAsync();
        await using var _ = page;
        form.Title("Search slow");

        form.Type("Search, checkout");
        form.Submit();

        // Known names keep their catalogue spelling.
        Assert.Equal(["Checkout", "Search"], (await DeclaredServicesAsync(page, form)).Order().ToArray());
    }

    [Fact]
    public async Task The_box_suggests_the_known_names_not_yet_chosen_in_their_catalogue_spelling()
    {
        var (page, form) = await OpenAsync();
        await using var _ = page;
        form.Title("Card payments fail");
        Assert.Equal(["Checkout", "Payments", "Payroll"], form.Offered().Order().ToArray());
        Assert.Equal("off", form.Box.GetAttribute("autocomplete"));

        // A suggestion chosen in the browser fills the box; Enter makes it a chip, and it is no longer suggested.
        form.Type("payments");
        form.Box.KeyUp(new KeyboardEventArgs { Key = "Enter" });
        form.Declare.WaitForAssertion(() => Assert.Equal(["Payments"], form.Chips()));
        Assert.Equal(["Checkout", "Payroll"], form.Offered().Order().ToArray());
        form.Submit();
        Assert.Equal(["Payments"], await DeclaredServicesAsync(page, form));
    }

    [Fact]
    public async Task A_removed_chip_can_be_picked_again()
    {
        var (page, form) = await OpenAsync();
        await using var _ = page;
        form.Title("Checkout errors");

        form.Type("Checkout");
        form.Box.KeyUp(new KeyboardEventArgs { Key = "Enter" });
        form.Declare.WaitForAssertion(() => Assert.Equal(["Checkout"], form.Chips()));
        form.Declare.Button("Remove Checkout").Click();
        form.Declare.WaitForAssertion(() => Assert.Empty(form.Chips()));

        form.Type("Checkout");
        Assert.Contains("Checkout", form.Offered());
        form.Box.KeyUp(new KeyboardEventArgs { Key = "Enter" });
        form.Declare.WaitForAssertion(() => Assert.Equal(["Checkout"], form.Chips()));
        form.Submit();
        Assert.Equal(["Checkout"], await DeclaredServicesAsync(page, form));
    }

    // The rules of the box, as plain functions.

    private static readonly string[] Known = ["Payments", "Payroll", "Checkout"];

    [Fact]
    public void Offered_is_the_known_names_not_chosen_yet() =>
        Assert.Equal(["Payroll", "Checkout"], ServicePicks.Offered(Known.Append("payroll"), ["payments"]));

    [Fact]
    public void Add_keeps_each_name_once_in_its_known_spelling()
    {
        var chosen = new List<string> { "Checkout" };
        ServicePicks.Add(chosen, ["payments", "CHECKOUT", "Mailer", "mailer"], Known);
        Assert.Equal(["Checkout", "Payments", "Mailer"], chosen);
    }
}
