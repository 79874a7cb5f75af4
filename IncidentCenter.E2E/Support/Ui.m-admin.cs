namespace IncidentCenter.E2E.Support;

/// <summary>Helpers for the admin and knowledge pages (branch m-admin).</summary>
public static partial class Ui
{
    /// <summary>
    /// Saves the page as <paramref name="name"/>.png in light and <paramref name="name"/>-dark.png in dark
    /// (the ic-theme cookie, then a reload), then goes back to light. Nothing when E2E_SCREENSHOTS is unset.
    /// </summary>
    public static async Task SaveLightAndDarkAsync(this IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") is not { Length: > 0 })
        {
            return;
        }
        var url = new Uri(page.Url);
        await SetThemeAsync(page, url, "light");
        await Screenshots.SaveAsync(page, name);
        await SetThemeAsync(page, url, "dark");
        await Screenshots.SaveAsync(page, name + "-dark");
        await SetThemeAsync(page, url, "light");
    }

    private static async Task SetThemeAsync(IPage page, Uri url, string theme)
    {
        await page.Context.AddCookiesAsync([new() { Name = "ic-theme", Value = theme, Domain = url.Host, Path = "/" }]);
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
        // The page is live (its circuit up, so the theme is applied) and nothing is still loading.
        await Expect(page.Locator("#app-connecting")).ToBeHiddenAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
