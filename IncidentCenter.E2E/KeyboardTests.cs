using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

[Collection(AppCollection.Name)]
public sealed class KeyboardTests(SharedApp app)
{
    [Fact]
    public async Task Declare_form_can_be_filled_and_submitted_with_the_keyboard_only()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var keys = page.Keyboard;
        var title = $"Login emails delayed {Unique.Id()}";
        var service = $"Mailer-{Unique.Id()}";

        await page.GotoAsync("/incidents/declare");
        // The app focuses the page heading on arrival; the title is the next stop.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Declare an incident" })).ToBeFocusedAsync();
        await keys.PressAsync("Tab");
        var titleBox = page.GetByLabel("Title", new() { Exact = true });
        await Expect(titleBox).ToBeFocusedAsync();

        await keys.TypeAsync(title);
        await keys.PressAsync("Tab");
        // Into the severity radios (SEV2 is preselected); one arrow down chooses SEV3.
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "SEV2" })).ToBeFocusedAsync();
        await keys.PressAsync("ArrowDown");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "SEV3" })).ToBeCheckedAsync();
        await keys.PressAsync("Tab");
        await Expect(page.GetByLabel("Affected services")).ToBeFocusedAsync();
        await keys.TypeAsync(service);
        await keys.PressAsync("Tab");
        // Leaving the box keeps the typed name (a chip, or added when the form is sent), then the description.
        await Expect(page.GetByLabel("Description (Markdown)")).ToBeFocusedAsync();
        await keys.TypeAsync("Password reset emails arrive **20 minutes** late.");
        // Back to the title with Shift+Tab (past the chip's button when it is there, the services box and the severity).
        for (var i = 0; i < 6 && !await titleBox.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await keys.PressAsync("Shift+Tab");
        }
        await Expect(titleBox).ToBeFocusedAsync();
        await keys.PressAsync("Enter");

        await Ui.LandedOnIncidentAsync(page, title);
        await Expect(page.Locator(".incident-badges").GetByText("SEV3", new() { Exact = true })).ToBeVisibleAsync();
        var details = page.GetByRole(AriaRole.Region, new() { Name = "Details" });
        await Expect(details).ToContainTextAsync(service);
        await Expect(details.Locator("strong")).ToHaveTextAsync("20 minutes");
    }
}
