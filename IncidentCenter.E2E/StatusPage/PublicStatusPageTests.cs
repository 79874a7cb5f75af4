using System.Text.RegularExpressions;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E.StatusPage;

/// <summary>
/// The public status page as an anonymous visitor sees it, while a signed-in Responder publishes
/// through the composer on the incident page (on the shared app: no extra process).
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class PublicStatusPageTests(SharedApp app)
{
    [Fact]
    public async Task Anonymous_visitor_sees_updates_arrive_live_without_reloading()
    {
        var title = $"Checkout is slow {Unique.Id()}";
        var componentName = $"Checkout {Unique.Id()}";
        await using var incident = await PublicIncidentDriver.StartAsync(app, componentName, title);
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
        var component = page.Locator(".component-list li").Filter(new() { HasText = componentName });
        await Expect(component).ToContainTextAsync("Partial outage");
        // Other tests share this app, so the banner is only known not to say all is well.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).Not.ToHaveTextAsync("All systems operational");
        await Expect(card).ToContainTextAsync("Next update by");
        Assert.NotEqual(asOf, await page.Locator(".as-of time").GetAttributeAsync("datetime"));

        // The permalink, opened now, follows the next update too.
        var permalink = await visitor.NewPageAsync();
        await permalink.GotoAsync($"/status/incidents/{incident.IncidentId}");
        await Expect(permalink.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        await permalink.MarkWindowAsync();

        var second = $"Cause identified: a slow payment provider ({Unique.Id()}).";
        await incident.PublishAsync("Identified", second);

        var updates = card.Locator(".status-update");
        await Expect(updates).ToHaveCountAsync(2);
        await Expect(updates.Nth(0)).ToContainTextAsync(second);
        await Expect(updates.Nth(1)).ToContainTextAsync(first);
        await Expect(permalink.Locator(".status-update").First).ToContainTextAsync(second);
        await page.AssertNotReloadedAsync();
        await permalink.AssertNotReloadedAsync();
        await Screenshots.SaveAsync(page, "status-active-incident");

        var third = $"A fix is deployed; we are watching payments ({Unique.Id()}).";
        await incident.PublishAsync("Monitoring", third);
        await Expect(updates).ToHaveCountAsync(3);
        await Expect(updates.Nth(0)).ToContainTextAsync(third);
        await Expect(permalink.Locator(".status-update").First).ToContainTextAsync(third);

        // Resolving: the composer suggests Operational for the component.
        var resolved = $"Payments are back to normal ({Unique.Id()}).";
        await incident.PublishAsync("Resolved", resolved);
        await Expect(permalink.Locator(".status-update").First).ToContainTextAsync(resolved);
        await Expect(permalink.Locator(".status-update")).ToHaveCountAsync(4);
        await permalink.AssertNotReloadedAsync();
        var resolvedSection = page.GetByRole(AriaRole.Region, new() { Name = "Resolved in the last 7 days" });
        await Expect(resolvedSection).ToContainTextAsync(resolved);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Active incidents" }).Filter(new() { HasText = title })).ToHaveCountAsync(0);
        await Expect(component).ToContainTextAsync("Operational");
        await page.AssertNotReloadedAsync();
        await Screenshots.SaveAsync(page, "status-resolved");
    }

    [Fact]
    public async Task Hostile_text_is_inert_on_the_page_and_escaped_in_the_feed()
    {
        var title = $"<img src=x onerror=\"window.__xss='title'\"> Hostile {Unique.Id()}";
        var body = "<script>window.__xss='script'</script> <img src=x onerror=\"window.__xss='img'\"> [link](javascript:window.__xss='link') **still bold**";
        await using var incident = await PublicIncidentDriver.StartAsync(app, $"API {Unique.Id()}", title);
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
        await using var incident = await PublicIncidentDriver.StartAsync(app, $"Search {Unique.Id()}", title);
        var text = $"Search results are slow ({Unique.Id()}).";
        await incident.PublishAsync("Investigating", text, componentStatus: "Degraded performance");
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
