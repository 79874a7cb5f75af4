using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// The declare form's "Affected services" box: a burst of typing is kept letter for letter, the known names are the
/// browser's suggestions for it, a name Entered becomes a chip, and a name still in the box when Declare is clicked
/// reaches the incident; the form with chips fits a phone in light and dark. Saves declare-services(-phone)(-dark)
/// screenshots when E2E_SCREENSHOTS names a folder.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DeclareServicesTests(SharedApp app)
{
    // Under CPU load MudTextField lost letters here (1 to 2 bursts in 5; README "The interface"); the box is now
    // a TextBox on Blazor's own binding, which the page never writes while a person types.
    [Fact]
    public async Task A_burst_typed_into_the_services_box_is_kept_letter_for_letter()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/incidents/declare");
        // The page is live once it has put the focus on its heading (after that, nothing moves the focus).
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Declare an incident" })).ToBeFocusedAsync();
        var box = page.GetByLabel("Affected services");
        await box.FocusAsync();
        // Counts every time the page (not the person) sets the box's text while it is being typed in.
        await page.EvaluateAsync("""
            () => {
                window.__writes = 0;
                const box = document.activeElement, d = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
                Object.defineProperty(box, 'value', { get() { return d.get.call(this); }, set(v) { window.__writes++; d.set.call(this, v); } });
            }
            """);
        var text = string.Join(", ", Enumerable.Range(0, 10).Select(i => $"Burst{i}abcdefgh{Unique.Id()}"));
        await page.Keyboard.TypeAsync(text);

        await Expect(box).ToHaveValueAsync(text);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__writes"));
        await page.Keyboard.PressAsync("Tab");
        foreach (var name in text.Split(", "))
        {
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Remove {name}", Exact = true })).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task Known_names_are_suggested_a_name_Entered_is_a_chip_and_a_name_left_in_the_box_is_declared()
    {
        var tag = $"Ledger{Unique.Id()}";
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        // Declaring with new names puts them in the catalogue, so the form suggests them afterwards.
        await page.DeclareAsync($"Ledger sync late {Unique.Id()}", "SEV4", services: $"{tag} Payments, {tag} Payroll");

        var title = $"Payroll export fails {Unique.Id()}";
        await page.GotoAsync("/incidents/declare");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Declare an incident" })).ToBeFocusedAsync();
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        var box = page.GetByLabel("Affected services");
        var suggestions = page.Locator($"datalist#{await box.GetAttributeAsync("list")} option");
        await Expect(suggestions.And(page.Locator($"[value='{tag} Payroll']"))).ToHaveCountAsync(1);

        await box.FocusAsync();
        await page.Keyboard.TypeAsync($"{tag} Payroll");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Remove {tag} Payroll", Exact = true })).ToBeVisibleAsync();
        await Expect(box).ToHaveValueAsync("");
        // A chosen name is no longer suggested.
        await Expect(suggestions.And(page.Locator($"[value='{tag} Payroll']"))).ToHaveCountAsync(0);

        // Typed, and Declare clicked straight away: the name is declared too.
        var mailer = $"Mailer{Unique.Id()}";
        await page.Keyboard.TypeAsync(mailer);
        await Screenshots.SaveAsync(page, "declare-services");
        await page.GetByRole(AriaRole.Button, new() { Name = "Declare incident" }).ClickAsync();

        await Ui.LandedOnIncidentAsync(page, title);
        var details = page.GetByRole(AriaRole.Region, new() { Name = "Details" });
        await Expect(details).ToContainTextAsync($"{tag} Payroll");
        await Expect(details).ToContainTextAsync(mailer);
        await Expect(details).Not.ToContainTextAsync($"{tag} Payments");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_form_with_chosen_services_fits_a_phone(bool dark)
    {
        await using var context = await app.NewContextAsync(app.Responder, new() { Width = 390, Height = 844 }, dark);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/incidents/declare");
        var box = page.GetByLabel("Affected services");
        await box.FillAsync("Payments API, Checkout, A rather long service name for a phone");
        await box.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove A rather long service name for a phone" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, dark ? "declare-services-phone-dark" : "declare-services-phone");

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"The declare form is {widths[0]} px wide on a {widths[1]} px phone.");
    }
}
