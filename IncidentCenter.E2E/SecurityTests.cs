using System.Collections.Concurrent;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

[Collection(AppCollection.Name)]
public sealed class SecurityTests(SharedApp app)
{
    private const string Secret = "sk_live_E2ESECRET4242";

    /// <summary>Every CSP violation the page reports: Chromium's console message, and the DOM event (added before any page script).</summary>
    private static async Task<ConcurrentQueue<string>> WatchForViolationsAsync(IPage page)
    {
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.StartsWith("CSP violation", StringComparison.Ordinal))
            {
                violations.Enqueue(message.Text);
            }
        };
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
        return violations;
    }

    [Fact]
    public async Task Interactive_pages_run_under_the_policy_and_an_Admin_purges_a_leaked_secret_which_the_audit_log_records()
    {
        await using var admin = await app.NewContextAsync(app.Admin);
        var page = await admin.NewPageAsync();
        var violations = await WatchForViolationsAsync(page);

        var dashboard = await page.GotoAsync("/");
        Assert.Contains("frame-ancestors 'none'", dashboard!.Headers["content-security-policy"]);
        await page.DeclareAsync("Keys in a log line", "SEV3");
        await page.AddTimelineEntryAsync($"Rotated key {Secret} after it showed in the log");
        var entry = page.Timeline().GetByRole(AriaRole.Listitem).Filter(new() { HasText = Secret });

        await entry.GetByRole(AriaRole.Button, new() { Name = "Purge", Exact = true }).ClickAsync();
        await page.GetByLabel("Reason (without the secret)").FillAsync("Stripe key in the text");
        await page.GetByRole(AriaRole.Button, new() { Name = "Purge for good" }).ClickAsync();

        await Expect(page.Timeline()).ToContainTextAsync("Purged by Ada Admin");
        await Expect(page.Timeline()).ToContainTextAsync("Stripe key in the text");
        await Expect(page.Timeline()).Not.ToContainTextAsync(Secret);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        var log = page.GetByRole(AriaRole.Region, new() { Name = "Audit log" });
        var purge = log.GetByRole(AriaRole.Row).Filter(new() { HasText = "timeline.purge" }).First;
        await Expect(purge).ToContainTextAsync("Stripe key in the text");
        await Expect(purge).ToContainTextAsync("Ada Admin");
        // From where: the browser's address, taken when its circuit opened.
        await Expect(purge).ToContainTextAsync("127.0.0.1");
        await Expect(log).Not.ToContainTextAsync(Secret);
        await Expect(log.GetByRole(AriaRole.Row).Filter(new() { HasText = "signin.succeeded" }).First).ToContainTextAsync("127.0.0.1");

        await page.SaveLightAndDarkAsync("admin-audit");
        await page.ChooseAsync("Area", "Timeline purges");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(log.GetByRole(AriaRole.Row).Filter(new() { HasText = "signin." })).ToHaveCountAsync(0);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("at_utc,actor,actor_id,action,summary,client_address", csv);
        Assert.Contains("timeline.purge", csv);
        Assert.DoesNotContain("signin.", csv);
        Assert.DoesNotContain(Secret, csv);

        await page.GotoAsync("/status");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        Assert.Empty(violations);
    }

    [Fact]
    public async Task Responders_see_no_purge_and_no_audit_log()
    {
        await using var responder = await app.NewContextAsync(app.Responder);
        var page = await responder.NewPageAsync();
        await page.DeclareAsync("Responder sees no purge", "SEV4");
        await page.AddTimelineEntryAsync("A plain note");

        await Expect(page.Timeline().GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToBeVisibleAsync();
        await Expect(page.Timeline().GetByRole(AriaRole.Button, new() { Name = "Purge", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit log" })).ToHaveCountAsync(0);

        using var http = new HttpClient { BaseAddress = new Uri(app.Server.BaseUrl) };
        var cookies = await responder.CookiesAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/audit.csv");
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await http.SendAsync(request)).StatusCode);
    }
}
