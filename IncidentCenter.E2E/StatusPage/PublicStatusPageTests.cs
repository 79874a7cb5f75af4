using System.Text.RegularExpressions;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E.StatusPage;

/// <summary>The public status page as an anonymous visitor sees it.</summary>
[Collection(StatusPageCollection.Name)]
public sealed partial class PublicStatusPageTests(StatusPageApp app)
{
    /// <summary>An Admin declares an incident through the UI; its service becomes a public component.</summary>
    private async Task<PublicIncidentDriver> StartIncidentAsync(string componentName, string publicTitle)
    {
        var serviceName = $"{componentName}-svc-{Unique.Id()}";
        await using var context = await app.NewContextAsync(app.Admin);
        var page = await context.NewPageAsync();
        var reference = await page.DeclareAsync($"Internal: {publicTitle}", "SEV2", services: serviceName);
        var incidentId = int.Parse(reference["INC-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var serviceId = await app.Rows.ServiceIdAsync(serviceName);
        await app.Rows.AddComponentAsync(serviceId, componentName);
        return new PublicIncidentDriver(app.Rows, incidentId, publicTitle, serviceId);
    }

    [Fact]
    public async Task Anonymous_visitor_sees_updates_arrive_live_without_reloading()
    {
        var title = $"Checkout is slow {Unique.Id()}";
        var incident = await StartIncidentAsync($"Checkout {Unique.Id()}", title);
        await using var visitor = await app.NewContextAsync();
        var page = await visitor.NewPageAsync();
        await page.GotoAsync("/status");
        await Expect(page.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        await page.MarkWindowAsync();
        var asOf = await page.Locator(".as-of time").GetAttributeAsync("datetime");

        var first = $"We are looking into slow checkouts ({Unique.Id()}).";
        await incident.PublishAsync("Investigating", first);

        var card = page.Locator($"article.public-incident[data-incident-id='{incident.IncidentId}']");
        await Expect(card).ToContainTextAsync(first);
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Partial outage");
        await Expect(card).ToContainTextAsync("Next update by");
        Assert.NotEqual(asOf, await page.Locator(".as-of time").GetAttributeAsync("datetime"));

        // The permalink, opened now, follows the next update too.
        var permalink = await visitor.NewPageAsync();
        await permalink.GotoAsync($"/status/incidents/{incident.IncidentId}");
        await Expect(permalink.Locator("html[data-live=connected]")).ToHaveCountAsync(1);

        var second = $"Cause identified: a slow payment provider ({Unique.Id()}).";
        await incident.PublishAsync("Identified", second);

        var updates = card.Locator(".status-update");
        await Expect(updates).ToHaveCountAsync(2);
        await Expect(updates.Nth(0)).ToContainTextAsync(second);
        await Expect(updates.Nth(1)).ToContainTextAsync(first);
        await Expect(permalink.Locator(".status-update").First).ToContainTextAsync(second);
        await page.AssertNotReloadedAsync();
        await Screenshots.SaveAsync(page, "status-active-incident");

        var resolved = $"Payments are back to normal ({Unique.Id()}).";
        await incident.PublishAsync("Resolved", resolved, impact: 2, componentStatus: 0);
        var resolvedSection = page.GetByRole(AriaRole.Region, new() { Name = "Resolved in the last 7 days" });
        await Expect(resolvedSection).ToContainTextAsync(resolved);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Active incidents" }).Filter(new() { HasText = title })).ToHaveCountAsync(0);
        await page.AssertNotReloadedAsync();
        await Screenshots.SaveAsync(page, "status-resolved");
    }

    [Fact]
    public async Task Hostile_text_is_inert_on_the_page_and_escaped_in_the_feed()
    {
        var title = $"<img src=x onerror=\"window.__xss='title'\"> Hostile {Unique.Id()}";
        var body = "<script>window.__xss='script'</script> <img src=x onerror=\"window.__xss='img'\"> [link](javascript:window.__xss='link') **still bold**";
        var incident = await StartIncidentAsync($"API {Unique.Id()}", title);
        await using var visitor = await app.NewContextAsync();
        var page = await visitor.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await page.GotoAsync("/status");
        await Expect(page.Locator("html[data-live=connected]")).ToHaveCountAsync(1);

        await incident.PublishAsync("Investigating", body);

        var card = page.Locator($"article.public-incident[data-incident-id='{incident.IncidentId}']");
        await Expect(card).ToContainTextAsync("<script>window.__xss='script'</script>");
        await Expect(card.GetByRole(AriaRole.Heading)).ToContainTextAsync("<img src=x onerror=");
        await Expect(card.Locator("strong", new() { HasText = "still bold" })).ToBeVisibleAsync();
        await Expect(card.Locator("img")).ToHaveCountAsync(0);
        await Expect(card.Locator("a[href^='javascript' i]")).ToHaveCountAsync(0);

        // Also on a fresh load (no live refresh involved) and on the permalink.
        await page.ReloadAsync();
        await page.GotoAsync($"/status/incidents/{incident.IncidentId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Hostile");
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__xss ?? null"));
        Assert.Equal(0, dialogs);

        var feed = await visitor.APIRequest.GetAsync("/status/feed.atom");
        var xml = await feed.TextAsync();
        Assert.Contains("application/atom+xml", feed.Headers["content-type"]);
        Assert.Contains("Hostile", xml);
        Assert.DoesNotMatch(RawMarkup(), xml);
        Assert.Contains("&amp;lt;script&amp;gt;", xml);
    }

    [Fact]
    public async Task Without_javascript_the_status_page_still_shows_the_status()
    {
        var title = $"Search is degraded {Unique.Id()}";
        var incident = await StartIncidentAsync($"Search {Unique.Id()}", title);
        var text = $"Search results are slow ({Unique.Id()}).";
        await incident.PublishAsync("Investigating", text, impact: 1, componentStatus: 1);
        await using var noScript = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.Server.BaseUrl,
            JavaScriptEnabled = false,
            ViewportSize = new() { Width = 1100, Height = 900 },
        });
        var page = await noScript.NewPageAsync();

        await page.GotoAsync("/status");

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Overall status" })).ToBeVisibleAsync();
        var card = page.Locator($"article.public-incident[data-incident-id='{incident.IncidentId}']");
        await Expect(card).ToContainTextAsync(text);
        await Expect(page.Locator(".as-of")).ToContainTextAsync("As of");
        await Screenshots.SaveAsync(page, "status-no-javascript");

        await page.GetByRole(AriaRole.Link, new() { Name = "History", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Uptime, last 90 days");
        await Expect(page.GetByText("Uptime = 1 − (time in major outage")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "status-history");
    }

    // An element the feed would carry as markup rather than text.
    [GeneratedRegex("<(script|img)", RegexOptions.IgnoreCase)]
    private static partial Regex RawMarkup();
}
