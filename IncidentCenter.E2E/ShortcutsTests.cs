using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>Keyboard shortcuts and the Ctrl+K command palette, as a hurried commander uses them.</summary>
[Collection(AppCollection.Name)]
public sealed class ShortcutsTests(SharedApp app)
{
    [Fact]
    public async Task Single_keys_move_around_and_are_never_taken_from_a_text_box()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("?");
        var help = page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" });
        await Expect(help).ToContainTextAsync("Command palette");
        // The dialog takes the focus, so Escape (and Tab) stay in it.
        await Expect(help.GetByRole(AriaRole.Button, new() { Name = "Close" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(help).ToHaveCountAsync(0);

        await page.Keyboard.PressAsync("n");
        await page.WaitForURLAsync("**/incidents/declare");
        var reference = await page.DeclareAsync($"Shortcut test {Unique.Id()}", "SEV3");

        // "t" the moment the incident page shows goes to the timeline composer, and the focus stays there when
        // the page then puts its heading in focus for screen readers (FocusHeadingOnNavigate leaves a text field
        // alone); letters typed there stay text ("n" and "g d" do nothing).
        await page.Keyboard.PressAsync("t");
        var box = page.GetByLabel(Ui.TimelineBox);
        await Expect(box).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("need gd now");
        await Expect(box).ToHaveValueAsync("need gd now");
        Assert.EndsWith($"/incidents/{reference}", page.Url);

        await box.BlurAsync();
        await page.Keyboard.PressAsync("g");
        await page.Keyboard.PressAsync("d");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        // Nothing was being typed, so the new page's heading takes the focus (a screen reader announces it).
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Ctrl_k_jumps_to_an_incident_and_acts_on_the_open_one()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var title = $"Palette target {Unique.Id()}";
        var reference = await page.DeclareAsync(title, "SEV2");
        // Ctrl+K the moment the page has loaded, before its circuit is surely up: the palette still opens.
        await page.GotoAsync("/");

        // Jump by reference: Enter opens the first match.
        await page.Keyboard.PressAsync("Control+k");
        var palette = page.GetByRole(AriaRole.Dialog, new() { Name = "Command palette" });
        var input = palette.GetByLabel("Jump to an incident or run a command");
        await Expect(input).ToBeFocusedAsync();
        await input.PressSequentiallyAsync(reference);
        await Expect(palette.GetByText($"{reference} {title}")).ToBeVisibleAsync();
        await input.PressAsync("Enter");
        await page.WaitForURLAsync($"**/incidents/{reference}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{reference} {title}");

        // A key event typed into the palette lands in the timeline.
        await page.Keyboard.PressAsync("Control+k");
        await input.FillAsync("Rollback of payments-api v2.31 started");
        await palette.GetByText($"Add key event to {reference}").ClickAsync();
        await page.ExpectSaidAsync($"Key event added to {reference}.");
        await Expect(page.Timeline()).ToContainTextAsync("Rollback of payments-api v2.31 started");

        // Resolve asks first; Cancel leaves the incident open.
        await page.Keyboard.PressAsync("Control+k");
        await palette.GetByText($"Resolve {reference}").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Resolve?" });
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await palette.GetByText($"Resolve {reference}").ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await page.ExpectSaidAsync($"{reference} is resolved.");
        await Expect(page.Locator(".incident-badges").GetByText("Resolved", new() { Exact = true })).ToBeVisibleAsync();
    }
}

/// <summary>The light/dark choice in the user menu.</summary>
[Collection(AppCollection.Name)]
public sealed class ThemeTests(SharedApp app)
{
    [Fact]
    public async Task Follows_the_device_until_a_person_chooses_and_the_choice_is_remembered()
    {
        await using var context = await app.NewContextAsync(app.Viewer);
        var page = await context.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        // The device's preference reaches the server through the browser (MudThemeProvider's watcher), a moment after the first render.
        await WaitForAsync(page, dark: true);

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await WaitForAsync(page, dark: false);

        await page.Locator(".user-menu").ClickAsync();
        await page.GetByRole(AriaRole.Menuitemradio, new() { Name = "Theme: dark" }).ClickAsync();
        await WaitForAsync(page, dark: true);

        // Remembered on this device: a new page load is dark although the device prefers light.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        Assert.True(await IsDarkAsync(page));
    }

    private static async Task WaitForAsync(IPage page, bool dark)
    {
        for (var i = 0; i < 100 && await IsDarkAsync(page) != dark; i++)
        {
            await Task.Delay(100);
        }
        Assert.Equal(dark, await IsDarkAsync(page));
    }

    /// <summary>Dark when the page's background is dark (the theme's background colour, read as rendered).</summary>
    private static Task<bool> IsDarkAsync(IPage page) => page.EvaluateAsync<bool>(
        "() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return r + g + b < 200; }");
}
