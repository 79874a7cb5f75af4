using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// axe-core on every page, in the light and in the dark theme: no serious or critical violation
/// (colour contrast, names and labels, focus inside hidden content, landmarks).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccessibilityTests(SharedApp app)
{
    private static readonly string[] SignedInPages =
    [
        "/", "/incidents/declare", "/follow-ups", "/runbooks", "/services", "/metrics",
        "/status-page/components", "/status-page/templates", "/postmortems/templates", "/admin/users",
        "/settings/response", "/settings", "/settings/webhooks", "/settings/api-tokens", "/admin/checklists", "/runbooks/new", "/admin/audit", "/account",
    ];

    private static readonly string[] PublicPages = ["/status", "/status/history", "/account/login"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_page_has_no_serious_or_critical_violation(bool dark)
    {
        var (reference, resolved) = await IncidentsWithContentAsync();
        var failures = new List<string>();

        await using (var admin = await app.NewContextAsync(app.Admin, dark: dark))
        {
            var page = await admin.NewPageAsync();
            foreach (var path in SignedInPages.Append($"/incidents/{reference}").Append($"/incidents/{resolved}/postmortem"))
            {
                await page.GotoAsync(path);
                await Expect(page.Locator("#app-connecting")).ToBeHiddenAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                failures.AddRange(await ScanAsync(page, path, dark));
            }
        }

        await using (var visitor = await app.NewContextAsync(dark: dark))
        {
            var page = await visitor.NewPageAsync();
            foreach (var path in PublicPages)
            {
                await page.GotoAsync(path);
                failures.AddRange(await ScanAsync(page, path, dark));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<IEnumerable<string>> ScanAsync(IPage page, string path, bool dark)
    {
        if (Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") is { Length: > 0 })
        {
            await Screenshots.SaveAsync(page, $"a11y-{(dark ? "dark" : "light")}{path.Replace('/', '-')}");
        }
        AxeResult result = await page.RunAxe();
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{(dark ? "dark" : "light")} {path}: {v.Id} ({v.Impact}) on {v.Nodes.Length}: " +
                string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html.Length > 160 ? n.Html[..160] : n.Html)));
    }

    /// <summary>
    /// An open incident with a timeline, so its panels have content, and a resolved one with a
    /// generated post-mortem, so the editor is scanned.
    /// </summary>
    private async Task<(string Open, string Resolved)> IncidentsWithContentAsync()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var open = await page.DeclareAsync($"Checkout errors for EU cards {Unique.Id()}", "SEV2", services: "Checkout", description: "Card payments **fail** for EU customers.");
        await page.AddTimelineEntryAsync("Rolled back payments-api v2.31.");
        // A task, so its per-row selects are scanned too.
        var tasks = page.GetByRole(AriaRole.Region, new() { Name = "Tasks" });
        await tasks.GetByLabel("New task", new() { Exact = true }).FillAsync("Restart the payments workers");
        await tasks.GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        await Expect(tasks.GetByLabel("State of Restart the payments workers")).ToBeVisibleAsync();

        var resolved = await page.DeclareAsync($"Search results stale {Unique.Id()}", "SEV2", services: "Search");
        await page.AddTimelineEntryAsync("Reindexed the search cluster.");
        await page.MoveIncidentAsync("Resolve");
        await Expect(page.Locator(".incident-badges .state")).ToHaveTextAsync("Resolved");
        await page.GotoAsync($"/incidents/{resolved}/postmortem");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate post-mortem" }).ClickAsync();
        await Expect(page.GetByTestId("postmortem-state")).ToHaveTextAsync("Draft");
        // An action item, so the editor's per-row selects and date field are scanned too.
        await page.GetByLabel("Action item", new() { Exact = true }).FillAsync("Alert on stale search results");
        await page.ChooseAsync("Owner", app.Responder.Name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add action item" }).ClickAsync();
        await Expect(page.GetByLabel("State of Alert on stale search results")).ToBeVisibleAsync();
        return (open, resolved);
    }
}
