using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// The incident page's checklist boxes and the navigation drawer are plain HTML in MudBlazor's classes
/// rather than one component per item: the keyboard, names, active page and phone layout still work.
/// Saves screenshots (desktop and phone, light and dark) when E2E_SCREENSHOTS names a folder.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LighterPageTests(SharedApp app)
{
    private const string LogsItem = "Read the error logs of the affected services";
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public async Task A_checklist_box_is_ticked_and_unticked_with_space_and_keeps_the_focus()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var reference = await page.DeclareAsync($"Search results stale {Unique.Id()}", "SEV2", services: $"Search-{Unique.Id()}");
        var box = page.GetByRole(AriaRole.Region, new() { Name = "Checklists" }).GetByRole(AriaRole.Checkbox, new() { Name = LogsItem });
        await Expect(box).Not.ToBeCheckedAsync();

        await box.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(box).ToBeCheckedAsync();
        await Expect(page.Timeline()).ToContainTextAsync($"{app.Responder.Name} ticked \"{LogsItem}\"");
        await Expect(box).ToBeFocusedAsync();
        await Expect(box).ToBeCheckedAsync();
        // The focus ring: MudBlazor's round highlight behind the box while the keyboard is on it.
        var ring = box.Locator("xpath=..");
        await Expect(ring).Not.ToHaveCSSAsync("background-color", "rgba(0, 0, 0, 0)");
        await box.Locator("xpath=ancestor::li").SavePartAsync("lighter-checkbox-focus");
        await box.BlurAsync();
        await Expect(ring).ToHaveCSSAsync("background-color", "rgba(0, 0, 0, 0)");
        await box.FocusAsync();

        // While a tick is being saved the box holds further clicks back (and says it is busy).
        await Expect(box).Not.ToHaveAttributeAsync("aria-busy", "true");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Timeline()).ToContainTextAsync($"{app.Responder.Name} unticked \"{LogsItem}\"");
        await Expect(box).Not.ToBeCheckedAsync();
        await Expect(box).ToBeFocusedAsync();

        await Expect(box).Not.ToHaveAttributeAsync("aria-busy", "true");
        await page.Keyboard.PressAsync("Space");
        await Expect(box).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Checklists" })).ToContainTextAsync(app.Responder.Name);
        await page.SaveLightAndDarkAsync("lighter-incident");
        await page.GetByRole(AriaRole.Region, new() { Name = "Checklists" }).SavePartAsync("lighter-checklists");

        await using var phone = await app.NewContextAsync(app.Responder, Phone);
        var small = await phone.NewPageAsync();
        await small.GotoAsync($"/incidents/{reference}");
        await Expect(small.GetByRole(AriaRole.Region, new() { Name = "Checklists" }).GetByRole(AriaRole.Checkbox, new() { Name = LogsItem })).ToBeCheckedAsync();
        await small.SaveLightAndDarkAsync("lighter-phone-incident");
    }

    [Fact]
    public async Task The_drawer_marks_the_page_it_is_on_groups_its_links_and_hides_behind_the_menu_on_a_phone()
    {
        await using var context = await app.NewContextAsync(app.Admin);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Dashboard" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(nav.Locator("[aria-current]")).ToHaveCountAsync(1);
        // Each group is a heading over a list named by it.
        await Expect(nav.GetByRole(AriaRole.Heading)).ToHaveTextAsync(["Incidents", "Knowledge", "Insights", "Admin"]);
        await Expect(nav.GetByRole(AriaRole.List, new() { Name = "Admin" }).GetByRole(AriaRole.Link))
            .ToHaveTextAsync(["Services", "Users", "Response policy", "Integrations", "Audit log"]);
        await page.SaveLightAndDarkAsync("lighter-dashboard");

        // An in-app navigation moves the mark; "Integrations" (/settings) is not active under /settings/response.
        await page.MarkWindowAsync();
        await nav.GetByRole(AriaRole.Link, new() { Name = "Response policy" }).ClickAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Response policy" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(nav.Locator("[aria-current]")).ToHaveCountAsync(1);
        await page.AssertNotReloadedAsync();
        await nav.GetByRole(AriaRole.Link, new() { Name = "Runbooks" }).ClickAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Runbooks" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(nav.Locator("[aria-current]")).ToHaveCountAsync(1);

        // Below 960 px the drawer is closed behind the menu button, and closes again after a link is taken.
        await using var phone = await app.NewContextAsync(app.Admin, Phone);
        var small = await phone.NewPageAsync();
        await small.GotoAsync("/");
        var smallNav = small.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        var menu = small.GetByRole(AriaRole.Button, new() { Name = "Navigation" });
        await Expect(small.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Expect(small.Locator("#app-connecting")).ToBeHiddenAsync();
        await Expect(smallNav.GetByRole(AriaRole.Link, new() { Name = "Runbooks" })).Not.ToBeInViewportAsync();
        await menu.ClickAsync();
        await Expect(smallNav.GetByRole(AriaRole.Link, new() { Name = "Runbooks" })).ToBeInViewportAsync();
        await Screenshots.SaveAsync(small, "lighter-phone-drawer");
        await smallNav.GetByRole(AriaRole.Link, new() { Name = "Runbooks" }).ClickAsync();
        await Expect(small.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Runbooks");
        await Expect(smallNav.GetByRole(AriaRole.Link, new() { Name = "Runbooks" })).Not.ToBeInViewportAsync();
    }
}
