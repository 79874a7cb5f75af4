using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// The dashboard and metrics in the light and the dark theme (cookie ic-theme), and the dashboard on a phone:
/// the page surfaces follow the theme (nothing stays white in dark mode) and nothing scrolls sideways.
/// Saves window-sized screenshots (dashboard-light, dashboard-dark, dashboard-phone, metrics-light, metrics-dark) when E2E_SCREENSHOTS names a folder.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DashboardThemeTests(SharedApp app)
{
    [Fact]
    public async Task Dashboard_and_metrics_follow_the_dark_theme_and_the_dashboard_fits_a_phone()
    {
        await using var responderContext = await app.NewContextAsync(app.Responder);
        var responder = await responderContext.NewPageAsync();
        var reference = await responder.DeclareAsync($"Checkout errors for EU cards {Unique.Id()}", "SEV1", services: $"Checkout-{Unique.Id()}, Payments");
        await responder.DeclareAsync($"Search results stale {Unique.Id()}", "SEV3", services: $"Search-{Unique.Id()}");

        foreach (var theme in new[] { "light", "dark" })
        {
            await using var context = await app.NewContextAsync(app.Viewer);
            await context.AddCookiesAsync([new Cookie { Name = "ic-theme", Value = theme, Url = app.Server.BaseUrl }]);
            var page = await context.NewPageAsync();

            await page.GotoAsync("/");
            await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new(reference + " ") })).ToBeVisibleAsync();
            await AssertSurfacesFollowAsync(page, theme);
            await SaveAsync(page, $"dashboard-{theme}");

            await page.GotoAsync("/metrics");
            await Expect(page.Locator(".metrics-chart svg").First).ToBeVisibleAsync();
            await AssertSurfacesFollowAsync(page, theme);
            await SaveAsync(page, $"metrics-{theme}");
        }

        await using var phoneContext = await app.NewContextAsync(app.Viewer, new() { Width = 390, Height = 844 });
        var phone = await phoneContext.NewPageAsync();
        await phone.GotoAsync("/");
        await Expect(phone.GetByRole(AriaRole.Link, new() { NameRegex = new(reference + " ") })).ToBeVisibleAsync();
        await SaveAsync(phone, "dashboard-phone");
        var widths = await phone.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"The dashboard is {widths[0]} px wide in a {widths[1]} px window.");
    }

    /// <summary>Every Mud surface (paper, table) is light in the light theme and dark in the dark one.</summary>
    private static async Task AssertSurfacesFollowAsync(IPage page, string theme)
    {
        var luminances = await page.EvaluateAsync<double[]>("""
            () => [...document.querySelectorAll('.mud-main-content .mud-paper, .mud-main-content .mud-table')].map(e => {
                const [r, g, b] = getComputedStyle(e).backgroundColor.match(/\d+/g).map(Number);
                return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
            })
            """);
        Assert.NotEmpty(luminances);
        Assert.All(luminances, l => Assert.True(theme == "dark" ? l < 0.3 : l > 0.7, $"{page.Url}: a surface has luminance {l:F2} in the {theme} theme."));
    }

    private static async Task SaveAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
        }
    }
}
