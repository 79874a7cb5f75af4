namespace IncidentCenter.E2E.Support;

/// <summary>
/// MudBlazor controls, driven the way a person does: by label, then by the option's words. Every
/// test goes through these, so a change of markup is fixed here once.
/// </summary>
public static partial class Ui
{
    /// <summary>Opens the MudSelect labelled <paramref name="label"/> and picks <paramref name="option"/>.</summary>
    public static Task ChooseAsync(this IPage page, string label, string option) =>
        page.GetByLabel(label, new() { Exact = true }).ChooseAsync(option);

    /// <summary>Opens this MudSelect (found by role or label in a scope) and picks <paramref name="option"/>.</summary>
    public static async Task ChooseAsync(this ILocator select, string option)
    {
        await select.ClickAsync();
        var popover = select.Page.Locator(".mud-popover-open");
        await popover.GetByText(option, new() { Exact = true }).ClickAsync();
        await Expect(popover).ToHaveCountAsync(0);
    }

    /// <summary>Types part of a name into the MudAutocomplete labelled <paramref name="label"/> and picks the person with the keyboard.</summary>
    public static async Task PickPersonAsync(this IPage page, string label, string typed, string name)
    {
        var box = page.GetByLabel(label, new() { Exact = true });
        await box.ClickAsync();
        await box.PressSequentiallyAsync(typed);
        await Expect(page.Locator(".mud-popover-open").GetByText(name, new() { Exact = true })).ToBeVisibleAsync();
        await box.PressAsync("ArrowDown");
        await box.PressAsync("Enter");
        await Expect(box).ToHaveValueAsync(name);
    }

    /// <summary>The open MudDialog.</summary>
    public static ILocator OpenDialog(this IPage page) => page.GetByRole(AriaRole.Dialog);

    /// <summary>Presses <paramref name="button"/> in the open dialog and waits for it to close.</summary>
    public static async Task ConfirmAsync(this IPage page, string button)
    {
        await page.OpenDialog().GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await Expect(page.OpenDialog()).ToHaveCountAsync(0);
    }
}
