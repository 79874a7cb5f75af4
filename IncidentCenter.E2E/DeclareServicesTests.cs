using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// The declare form's "Affected services" picker (MudAutocomplete): suggestions picked with the arrows and Enter,
/// a name still in the box when Declare is clicked reaches the incident, and the open list fits a phone in light
/// and dark. Saves declare-suggestions(-phone)(-dark) screenshots when E2E_SCREENSHOTS names a folder.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DeclareServicesTests(SharedApp app)
{
    [Fact]
    public async Task A_suggestion_is_picked_with_the_arrows_and_Enter_and_a_name_left_in_the_box_is_declared()
    {
        var tag = $"Ledger{Unique.Id()}";
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        // Declaring with new names puts them in the catalogue, so the form offers them afterwards.
        await page.DeclareAsync($"Ledger sync late {Unique.Id()}", "SEV4", services: $"{tag} Payments, {tag} Payroll");

        var title = $"Payroll export fails {Unique.Id()}";
        await page.GotoAsync("/incidents/declare");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        var box = page.GetByLabel("Affected services");
        await box.FocusAsync();
        await page.Keyboard.TypeAsync(tag);
        var list = page.Locator(".mud-popover-open .mud-list-item");
        // The name typed is offered first, marked as new, then the known names that contain it.
        await Expect(list).ToHaveTextAsync([$"{tag} new service", $"{tag} Payments", $"{tag} Payroll"]);
        await Screenshots.SaveAsync(page, "declare-suggestions");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Remove {tag} Payroll", Exact = true })).ToBeVisibleAsync();
        await Expect(box).ToHaveValueAsync("");

        // Typed, the list still open, and Declare clicked straight away: the name is declared too.
        var mailer = $"Mailer{Unique.Id()}";
        await page.Keyboard.TypeAsync(mailer);
        if (Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") is { Length: > 0 })
        {
            await Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToContainTextAsync(mailer);
            await Screenshots.SaveAsync(page, "declare-chips");
        }
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
    public async Task The_open_list_of_suggestions_fits_a_phone(bool dark)
    {
        await using var context = await app.NewContextAsync(app.Responder, new() { Width = 390, Height = 844 }, dark);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/incidents/declare");
        await page.GetByLabel("Affected services").FocusAsync();
        await page.Keyboard.TypeAsync("e");
        await Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, dark ? "declare-suggestions-phone-dark" : "declare-suggestions-phone");

        var fits = await page.EvaluateAsync<bool>("""
            () => {
                const list = document.querySelector('.mud-popover-open').getBoundingClientRect();
                return document.documentElement.scrollWidth <= window.innerWidth && list.left >= 0 && list.right <= window.innerWidth;
            }
            """);
        Assert.True(fits, "The page or the list of suggestions is wider than the phone.");
    }
}
