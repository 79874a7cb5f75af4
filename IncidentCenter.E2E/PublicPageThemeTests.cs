using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// The public status page follows the device's colour scheme, with an incident on it: the page is dark
/// in dark and light in light, and the impact and the update are shown in both.
/// Saves public-status-light and public-status-dark when E2E_SCREENSHOTS names a folder.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PublicPageThemeTests(SharedApp app)
{
    [Fact]
    public async Task The_public_page_with_an_incident_follows_the_devices_light_or_dark_scheme()
    {
        await using var responderContext = await app.NewContextAsync(app.Responder);
        await using var adminContext = await app.NewContextAsync(app.Admin);
        var service = $"Checkout-{Unique.Id()}";
        var page = await responderContext.NewPageAsync();
        await page.DeclareAsync($"db-7 pool exhausted {Unique.Id()}", "SEV1", services: service);

        var admin = await adminContext.NewPageAsync();
        var publicName = $"Online checkout {Unique.Id()}";
        await admin.MakeServicePublicAsync(service, publicName, "Shop");

        await page.ReloadAsync();
        var composer = page.GetByRole(AriaRole.Form, new() { Name = "Status update composer" });
        var words = $"Some card payments fail {Unique.Id()}";
        await composer.GetByLabel("Public title").FillAsync("Checkout errors");
        await composer.GetByLabel("Message (Markdown)").FillAsync(words);
        await page.PublishStatusAsync("Investigating");

        foreach (var dark in new[] { false, true })
        {
            await using var visitorContext = await app.NewContextAsync(dark: dark);
            var visitor = await visitorContext.NewPageAsync();
            await visitor.GotoAsync("/status");
            await Expect(visitor.GetByText(words)).ToBeVisibleAsync();
            await Expect(visitor.GetByText(publicName).First).ToBeVisibleAsync();

            var luminance = await visitor.EvaluateAsync<double>("""
                () => {
                    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
                    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
                }
                """);
            Assert.True(dark ? luminance < 0.3 : luminance > 0.7, $"The public page's background has luminance {luminance:F2} in the {(dark ? "dark" : "light")} scheme.");
            await Screenshots.SaveAsync(visitor, dark ? "public-status-dark" : "public-status-light");
        }
    }
}
