using System.Globalization;
using System.Text.RegularExpressions;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// Response targets in a real browser. To see a target pass without waiting or a test-only clock,
/// the incident is declared the way a late declaration really is: with its detection time an hour back.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class ResponseTests(SharedApp app)
{
    private static async Task<string> DeclareDetectedAsync(IPage page, string title, string severity, DateTime detectedUtc)
    {
        await page.GotoAsync("/incidents/declare");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await page.GetByRole(AriaRole.Radio, new() { Name = severity }).ClickAsync();
        await page.GetByLabel("Detected at (UTC)").FillAsync(detectedUtc.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Declare incident" }).ClickAsync();
        return await Ui.LandedOnIncidentAsync(page, title);
    }

    [Fact]
    public async Task A_passed_target_is_flagged_on_the_incident_and_the_dashboard_and_escalation_follows()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var title = $"Checkout down since an hour {Unique.Id()}";
        var reference = await DeclareDetectedAsync(page, title, "SEV1", DateTime.UtcNow.AddMinutes(-61));

        var countdown = page.Locator(".incident-head").GetByRole(AriaRole.Timer);
        await Expect(countdown).ToHaveTextAsync(OverdueTriage());
        await Expect(countdown).ToHaveClassAsync(new Regex("overdue"));
        // The monitor records the missed targets once and escalates to level 3 (60 minutes unresolved).
        await Expect(page.GetByTestId("missed-targets")).ToHaveTextAsync("Missed: acknowledge, triage", new() { Timeout = 45_000 });
        await Expect(page.GetByTestId("escalation-level")).ToContainTextAsync("Escalation level 3: Engineering manager", new() { Timeout = 45_000 });
        await Expect(page.Timeline()).ToContainTextAsync("SEV1 triage target missed");
        await Expect(page.Timeline()).ToContainTextAsync("Escalated to level 3, Engineering manager");
        await Screenshots.SaveAsync(page, "response-incident");

        // By hand, with a reason, to the last level.
        await page.GetByRole(AriaRole.Button, new() { Name = "Escalate", Exact = true }).ClickAsync();
        await page.GetByLabel("Why escalate to level 4?").FillAsync("Customers are calling the CEO");
        await page.GetByRole(AriaRole.Button, new() { Name = "Escalate to level 4" }).ClickAsync();
        await Expect(page.GetByTestId("escalation-level")).ToContainTextAsync("Escalation level 4: CTO / VP Engineering");
        await Expect(page.Timeline()).ToContainTextAsync("by Rita Responder. Reason: Customers are calling the CEO");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Escalate", Exact = true })).ToHaveCountAsync(0);

        await page.GotoAsync("/");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = reference + " " });
        await Expect(row.GetByRole(AriaRole.Timer)).ToHaveTextAsync(OverdueTriage());
        await Expect(row.GetByRole(AriaRole.Timer)).ToHaveClassAsync(new Regex("overdue"));
        await Screenshots.SaveAsync(page, "response-dashboard");

        // Once the cause is identified, the next target (resolve) counts down instead.
        await page.GetByRole(AriaRole.Link, new() { Name = $"{reference} {title}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cause identified" }).ClickAsync();
        await Expect(page.Locator(".incident-head").GetByRole(AriaRole.Timer)).ToHaveTextAsync(new Regex(@"^Resolve due in 2h 5\dm$"));
    }

    [Fact]
    public async Task A_countdown_ticks_without_a_reload()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        await page.DeclareAsync($"Search slow {Unique.Id()}", "SEV2");
        await page.MarkWindowAsync();

        var countdown = page.Locator(".incident-head").GetByRole(AriaRole.Timer);
        await Expect(countdown).ToHaveTextAsync(new Regex(@"^Triage due in (29|30):\d\d$"));
        var first = await countdown.TextContentAsync();
        await Expect(countdown).Not.ToHaveTextAsync(first!);
        await page.AssertNotReloadedAsync();
    }

    [Fact]
    public async Task An_Admin_edits_the_policy_with_clear_refusals_and_a_Responder_cannot_open_it()
    {
        await using var context = await app.NewContextAsync(app.Admin);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Response policy", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Response settings");

        var sev4 = page.GetByRole(AriaRole.Region, new() { Name = "SEV4 policy" });
        await sev4.GetByLabel("Status update every (minutes)").FillAsync("0");
        await sev4.GetByRole(AriaRole.Button, new() { Name = "Save SEV4 policy" }).ClickAsync();
        await Expect(sev4.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Status update cadence must be between 1 minute and 7 days.");
        // The typed value stays for correcting.
        await Expect(sev4.GetByLabel("Status update every (minutes)")).ToHaveValueAsync("0");

        await sev4.GetByLabel("Status update every (minutes)").FillAsync("720");
        await sev4.GetByRole(AriaRole.Button, new() { Name = "Save SEV4 policy" }).ClickAsync();
        await page.ExpectSaidAsync("Saved the SEV4 policy.");
        await Expect(sev4).ToContainTextAsync("12 hours");
        await Expect(sev4).ToContainTextAsync("Last changed by Ada Admin");

        var contact = page.GetByLabel("Level 2 contact");
        await contact.FillAsync("#payments-leads, +1 555 0100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save level 2" }).ClickAsync();
        await page.ExpectSaidAsync("Saved level 2.");
        await Screenshots.SaveAsync(page, "response-settings");

        await page.ReloadAsync();
        await Expect(page.GetByLabel("Level 2 contact")).ToHaveValueAsync("#payments-leads, +1 555 0100");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "SEV4 policy" }).GetByLabel("Status update every (minutes)")).ToHaveValueAsync("720");

        await using var responderContext = await app.NewContextAsync(app.Responder);
        var responder = await responderContext.NewPageAsync();
        await responder.GotoAsync("/settings/response");
        await Expect(responder.GetByText("Your role does not allow this")).ToBeVisibleAsync();
        await Expect(responder.GetByRole(AriaRole.Link, new() { Name = "Response policy", Exact = true })).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"^Triage overdue by 4\d min$")]
    private static partial Regex OverdueTriage();
}
