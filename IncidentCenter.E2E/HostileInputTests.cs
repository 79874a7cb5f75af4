using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// Issue 9, "no input can blank a page", in a real browser: 300 '>' then " x" (quotes nested far past
/// what Markdig renders) arrives as an alert description over the API, a timeline entry, the
/// incident description and a status-update correction. The incident page keeps rendering with the
/// text shown, the other panels keep working, and the public status page and permalink render it too.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class HostileInputTests(SharedApp app)
{
    private const string MessageBox = "Message (Markdown)";

    private static readonly string Deep = new string('>', 300) + " x";

    [Fact]
    public async Task Three_hundred_nested_quotes_through_every_input_leave_the_incident_and_status_pages_working()
    {
        var id = Unique.Id();
        var token = await CreateTokenAsync($"Deep quotes sender {id}");

        // 1. An alert whose description is the deep text declares the incident.
        using var http = new HttpClient { BaseAddress = new Uri(app.Server.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/generic")
        {
            Content = new StringContent(JsonSerializer.Serialize(new
            {
                title = $"Deep quotes {id}", fingerprint = $"e2e-deep-{id}-{Guid.NewGuid():N}", status = "firing", severity = "warning", description = Deep,
            }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reference = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("alerts")[0].GetProperty("incident").GetString()!;

        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/incidents/{reference}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{reference} Deep quotes {id}");
        var details = page.GetByRole(AriaRole.Region, new() { Name = "Details", Exact = true });
        await Expect(details.Locator(".markdown")).ToContainTextAsync(Deep);
        await Expect(page.Timeline()).ToContainTextAsync("Opened by alert");

        // 2. A timeline entry; then another one, so the composer and the list still work after it.
        await page.AddTimelineEntryAsync(Deep + " timeline");
        await Expect(page.Timeline()).ToContainTextAsync(Deep + " timeline");
        await page.AddTimelineEntryAsync($"After the deep one {id}");
        await Expect(page.Timeline()).ToContainTextAsync($"After the deep one {id}");

        // 3. The description, through the details editor.
        await details.GetByRole(AriaRole.Button, new() { Name = "Edit details" }).ClickAsync();
        await page.GetByLabel("Description (Markdown)").FillAsync(Deep + " description");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Expect(details.Locator(".markdown")).ToContainTextAsync(Deep + " description");

        // 4. A status update, then its correction with the deep text.
        var composer = page.GetByRole(AriaRole.Form, new() { Name = "Status update composer" });
        await composer.GetByLabel("Public title").FillAsync($"Deep quotes {id}");
        await composer.GetByLabel(MessageBox).FillAsync($"Looking into it {id}.");
        await PublishAsync(page, composer, "Investigating");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Correct the Investigating update") }).ClickAsync();
        await page.GetByLabel("Corrected text of the Investigating update (Markdown)").FillAsync(Deep + " corrected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish correction" }).ClickAsync();
        var updates = page.GetByRole(AriaRole.List, new() { Name = "Published status updates" });
        await Expect(updates.GetByRole(AriaRole.Listitem).First).ToContainTextAsync(Deep + " corrected");

        // The page as a whole: every panel there, none failed, nothing wider than the window.
        await Expect(page.GetByText("This part failed to load")).ToHaveCountAsync(0);
        await Expect(page.Timeline()).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Actions" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Roles" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "hostile-deep-quotes-incident");
        await AssertNoSidewaysScrollAsync(page);
        // And it still acts: the severity changes.
        await page.ChooseAsync("Severity", "SEV2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change severity" }).ClickAsync();
        await Expect(page.Locator(".incident-badges .sev")).ToHaveTextAsync("SEV2");

        // 5. The public side: the status page and the permalink show the correction as text.
        var incidentId = reference["INC-".Length..];
        await using var visitorContext = await app.NewContextAsync();
        var visitor = await visitorContext.NewPageAsync();
        foreach (var path in new[] { "/status", $"/status/incidents/{incidentId}" })
        {
            var answer = await visitor.GotoAsync(path);
            Assert.Equal(200, answer!.Status);
            var card = visitor.Locator($"article[data-incident-id='{incidentId}']");
            await Expect(card).ToContainTextAsync($"Deep quotes {id}");
            await Expect(card.Locator(".status-update .body").First).ToHaveTextAsync(Deep + " corrected");
            await AssertNoSidewaysScrollAsync(visitor);
        }
        await Screenshots.SaveAsync(visitor, "hostile-deep-quotes-permalink");
    }

    private static Task PublishAsync(IPage page, ILocator composer, string stage) => page.PublishStatusAsync(stage);

    /// <summary>An Admin creates an API token on the Integrations page, as a person would.</summary>
    private async Task<string> CreateTokenAsync(string name)
    {
        await using var admin = await app.NewContextAsync(app.Admin);
        var page = await admin.NewPageAsync();
        await page.GotoAsync("/settings/api-tokens");
        await page.GetByLabel("Token name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        return await page.GetByLabel("Token", new() { Exact = true }).InputValueAsync();
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"The page is {widths[0]} px wide in a {widths[1]} px window: {page.Url}");
    }
}
