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
        var queue = $"Queue-{Unique.Id()}";

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
        var servicesBox = page.GetByLabel("Affected services");
        await Expect(servicesBox).ToBeFocusedAsync();
        // A name typed and Entered at once (no waiting for the list) becomes a chip; the box empties for the next name.
        await keys.TypeAsync(service);
        await keys.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Remove {service}" })).ToBeVisibleAsync();
        await Expect(servicesBox).ToHaveValueAsync("");
        await Expect(servicesBox).ToBeFocusedAsync();
        // The next name typed, then Tab: a chip too, and the focus goes on to the description.
        await keys.TypeAsync(queue);
        await keys.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Remove {queue}" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Description (Markdown)")).ToBeFocusedAsync();
        await keys.TypeAsync("Password reset emails arrive **20 minutes** late.");
        // Back to the title with Shift+Tab (past the chips' buttons, the services box and the severity).
        for (var i = 0; i < 8 && !await titleBox.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await keys.PressAsync("Shift+Tab");
        }
        await Expect(titleBox).ToBeFocusedAsync();
        await keys.PressAsync("Enter");

        await Ui.LandedOnIncidentAsync(page, title);
        await Expect(page.Locator(".incident-badges").GetByText("SEV3", new() { Exact = true })).ToBeVisibleAsync();
        var details = page.GetByRole(AriaRole.Region, new() { Name = "Details" });
        await Expect(details).ToContainTextAsync(service);
        await Expect(details).ToContainTextAsync(queue);
        await Expect(details.Locator("strong")).ToHaveTextAsync("20 minutes");
    }

    [Fact]
    public async Task The_page_heading_never_takes_the_focus_from_a_person_typing()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/incidents/declare");
        var heading = page.GetByRole(AriaRole.Heading, new() { Name = "Declare an incident" });
        await Expect(heading).ToBeFocusedAsync();

        // What the page runs after a navigation (FocusHeadingOnNavigate), arriving late while someone types:
        // the focus stays in the box and the letters keep landing there.
        var title = page.GetByLabel("Title", new() { Exact = true });
        await title.ClickAsync();
        await page.Keyboard.TypeAsync("Checkout ");
        await page.EvaluateAsync("() => window.icFocus.headingUnlessBusy('h1')");
        await page.Keyboard.TypeAsync("down");
        await Expect(title).ToBeFocusedAsync();
        await Expect(title).ToHaveValueAsync("Checkout down");

        // With nothing being typed (the focus on a radio button, as after following a link), the heading takes it.
        await page.GetByRole(AriaRole.Radio, new() { Name = "SEV2" }).FocusAsync();
        await page.EvaluateAsync("() => window.icFocus.headingUnlessBusy('h1')");
        await Expect(heading).ToBeFocusedAsync();
    }
}
