namespace IncidentCenter.E2E.Support;

/// <summary>MudBlazor controls, driven the way a person does: by label, then by the option's words.</summary>
public static partial class Ui
{
    /// <summary>Opens the MudSelect labelled <paramref name="label"/> and picks <paramref name="option"/>.</summary>
    public static async Task ChooseAsync(this IPage page, string label, string option)
    {
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await page.Locator(".mud-popover-open").GetByText(option, new() { Exact = true }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
    }
}

public static partial class Ui
{
    /// <summary>Opens this MudSelect (found by role or label in a scope) and picks <paramref name="option"/>.</summary>
    public static async Task ChooseAsync(this ILocator select, string option)
    {
        await select.ClickAsync();
        var popover = select.Page.Locator(".mud-popover-open");
        await popover.GetByText(option, new() { Exact = true }).ClickAsync();
        await Expect(popover).ToHaveCountAsync(0);
    }
}
