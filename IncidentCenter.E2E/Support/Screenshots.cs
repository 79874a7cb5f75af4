namespace IncidentCenter.E2E.Support;

/// <summary>Screenshots (the whole page, one part, light and dark) into the folder named by E2E_SCREENSHOTS; nothing when it is unset.</summary>
public static class Screenshots
{
    private static string? Folder() =>
        Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") is { Length: > 0 } folder ? Directory.CreateDirectory(folder).FullName : null;

    public static async Task SaveAsync(IPage page, string name)
    {
        if (Folder() is { } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    /// <summary>Saves just this part of the page as <paramref name="name"/>.png; nothing when E2E_SCREENSHOTS is unset.</summary>
    public static async Task SavePartAsync(this ILocator part, string name)
    {
        if (Folder() is { } folder)
        {
            await part.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
        }
    }

    /// <summary>
    /// Saves the page as <paramref name="name"/>.png in light and <paramref name="name"/>-dark.png in dark
    /// (the ic-theme cookie, then a reload), then goes back to light. Nothing when E2E_SCREENSHOTS is unset.
    /// </summary>
    public static async Task SaveLightAndDarkAsync(this IPage page, string name)
    {
        if (Folder() is null)
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
