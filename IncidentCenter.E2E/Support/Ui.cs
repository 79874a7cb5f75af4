using System.Text.RegularExpressions;

namespace IncidentCenter.E2E.Support;

/// <summary>What a person does on the app's pages, found by role and label.</summary>
public static partial class Ui
{
    public const string TimelineBox = "New timeline entry (Markdown)";

    public static async Task SignInAsync(this IPage page, Account account)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(account.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    public static async Task AddUserAsync(this IPage adminPage, Account account)
    {
        await adminPage.GotoAsync("/admin/users");
        await adminPage.GetByLabel("Name", new() { Exact = true }).FillAsync(account.Name);
        await adminPage.GetByLabel("Email", new() { Exact = true }).FillAsync(account.Email);
        await adminPage.ChooseAsync("Role", account.Role);
        await adminPage.GetByLabel("Initial password").FillAsync(account.Password);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await adminPage.ExpectSaidAsync($"Added {account.Name} as {account.Role}.");
    }

    /// <summary>Declares through the form and returns the new incident's reference (INC-N).</summary>
    public static async Task<string> DeclareAsync(this IPage page, string title, string severity = "SEV2", string? services = null, string? description = null)
    {
        await page.GotoAsync("/incidents/declare");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        var severityRadio = page.GetByRole(AriaRole.Radio, new() { Name = severity });
        await severityRadio.ClickAsync();
        await Expect(severityRadio).ToBeCheckedAsync();
        if (services is not null)
        {
            // Typed (several names separated by commas), then Tab: each name becomes a chip.
            var servicesBox = page.GetByLabel("Affected services");
            await servicesBox.FillAsync(services);
            await servicesBox.PressAsync("Tab");
            foreach (var name in services.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new($"^Remove {Regex.Escape(name)}$", RegexOptions.IgnoreCase) })).ToBeVisibleAsync();
            }
        }
        if (description is not null)
        {
            await page.GetByLabel("Description (Markdown)").FillAsync(description);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Declare incident" }).ClickAsync();
        var reference = await LandedOnIncidentAsync(page, title);
        await Expect(page.Locator(".incident-badges .sev")).ToHaveTextAsync(severity);
        return reference;
    }

    /// <summary>Waits for the incident page the declaration leads to and returns its reference.</summary>
    public static async Task<string> LandedOnIncidentAsync(IPage page, string title)
    {
        try
        {
            await page.WaitForURLAsync(IncidentUrl());
        }
        catch (TimeoutException ex)
        {
            // What the person would see instead: the page, its messages and the reconnect dialog's state.
            var said = string.Join(" | ", await page.Locator("[role=alert], .mud-snackbar, .validation-message, .mud-input-error").AllInnerTextsAsync());
            var reconnect = await page.Locator("#components-reconnect-modal, .components-reconnect-show").CountAsync();
            throw new TimeoutException($"Declaring did not lead to the incident page. Still at {page.Url}; messages: '{said}'; reconnect UI elements: {reconnect}", ex);
        }
        var reference = IncidentUrl().Match(page.Url).Groups["ref"].Value;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{reference} {title}");
        return reference;
    }

    public static async Task AddTimelineEntryAsync(this IPage page, string text)
    {
        await page.GetByLabel(TimelineBox).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to timeline" }).ClickAsync();
        // Saved: the composer empties.
        await Expect(page.GetByLabel(TimelineBox)).ToHaveValueAsync("");
    }

    /// <summary>
    /// Checks a radio button or checkbox on an interactive page and waits until it stays checked.
    /// A render that lands at the moment of the click (an earlier field's change event) can undo the
    /// browser's own toggle, so the click is repeated until the server-rendered state agrees.
    /// </summary>
    public static async Task CheckSettledAsync(this ILocator box)
    {
        for (var attempt = 1; ; attempt++)
        {
            await box.ClickAsync();
            try
            {
                await Assertions.Expect(box).ToBeCheckedAsync(new() { Timeout = 2_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// Waits for the app to say <paramref name="text"/>: in a status line on the page or in a
    /// snackbar (both are live regions with role status).
    /// </summary>
    public static Task ExpectSaidAsync(this IPage page, string text) =>
        Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = text }).First).ToBeVisibleAsync();

    public static ILocator Timeline(this IPage page) =>
        page.GetByRole(AriaRole.List, new() { Name = "Timeline", Exact = true });

    /// <summary>Marks the window; a reload or a full navigation clears the mark.</summary>
    public static Task MarkWindowAsync(this IPage page) => page.EvaluateAsync("() => { window.__e2eMark = 'unchanged'; }");

    public static async Task AssertNotReloadedAsync(this IPage page) =>
        Assert.Equal("unchanged", await page.EvaluateAsync<string?>("() => window.__e2eMark ?? null"));

    [GeneratedRegex(@"/incidents/(?<ref>INC-\d+)$")]
    private static partial Regex IncidentUrl();
}
