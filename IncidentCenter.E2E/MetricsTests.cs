using System.Text.RegularExpressions;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>/metrics in a real browser: the MudBlazor charts draw and the same figures are in tables.</summary>
[Collection(AppCollection.Name)]
public sealed class MetricsTests(SharedApp app)
{
    [Fact]
    public async Task A_viewer_sees_charts_and_tables_for_declared_incidents()
    {
        var service = $"Metrics search {Unique.Id()}";
        await using var responderContext = await app.NewContextAsync(app.Responder);
        var responder = await responderContext.NewPageAsync();
        await responder.DeclareAsync($"Search slow {Unique.Id()}", "SEV3", services: service);
        await responder.MoveIncidentAsync("Resolve");
        await Expect(responder.Locator(".incident-badges .state")).ToHaveTextAsync("Resolved");
        await responder.DeclareAsync($"Search down {Unique.Id()}", "SEV1", services: service);

        await using var viewerContext = await app.NewContextAsync(app.Viewer);
        var viewer = await viewerContext.NewPageAsync();
        await viewer.GotoAsync("/");
        await viewer.GetByRole(AriaRole.Link, new() { Name = "Metrics" }).ClickAsync();
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Metrics", Level = 1 })).ToBeVisibleAsync();

        // MudChart draws SVG: columns for the counts, lines for the times, bars per service (labelled on the axis).
        var countChart = viewer.GetByRole(AriaRole.Region, new() { Name = "Incidents per month" });
        await Expect(countChart.Locator("svg path").First).ToBeAttachedAsync();
        await Expect(viewer.GetByRole(AriaRole.Region, new() { Name = "Time to resolve (hours)" }).Locator("svg").First).ToBeVisibleAsync();
        await Expect(viewer.GetByRole(AriaRole.Region, new() { Name = "Incidents per service" }).Locator("svg").GetByText(service)).ToBeVisibleAsync();

        // The same figures as text: one row for the service, two incidents, one resolved, one still open.
        var serviceRow = viewer.GetByRole(AriaRole.Region, new() { Name = "By service" }).GetByRole(AriaRole.Row, new() { Name = service });
        await Expect(serviceRow.GetByRole(AriaRole.Cell)).ToHaveTextAsync(new Regex[] { new("^2$"), new(@"^\d+s$"), new(@"^\d+s$"), new("^1$"), new(@"\d"), new(@"\d"), new("^2 / 0$"), new("^1 / 0$"), new("^1$"), new("^0$") });

        await viewer.GetByText("By month and severity").ClickAsync();
        var month = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var sev1Row = viewer.GetByRole(AriaRole.Region, new() { Name = "By month and severity" }).GetByRole(AriaRole.Row, new() { Name = $"{month} SEV1" });
        await Expect(sev1Row).ToHaveCountAsync(1);

        // The charts are drawn for the eye only (the tables carry the figures): hidden from screen readers, with nothing inside to focus.
        await Expect(viewer.Locator(".metrics-chart[aria-hidden='true']").First).ToBeAttachedAsync();
        Assert.Equal(0, await viewer.Locator(".metrics-chart[aria-hidden='true'] :is(a, button, input, select, textarea, [tabindex]:not([tabindex='-1']))").CountAsync());
        await Screenshots.SaveAsync(viewer, "metrics");

        // Filters: one severity, by week; the CSV link follows the filters.
        await viewer.ChooseAsync("Period", "Week");
        await viewer.ChooseAsync("Severity", "SEV1");
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "By week and severity" })).ToBeVisibleAsync();
        var weekTable = viewer.GetByRole(AriaRole.Region, new() { Name = "By week and severity" });
        if (!await weekTable.Locator("details").EvaluateAsync<bool>("d => d.open"))
        {
            await viewer.GetByText("By week and severity").ClickAsync();
        }
        await Expect(weekTable.GetByRole(AriaRole.Cell, new() { Name = "SEV1" }).First).ToBeVisibleAsync();
        await Expect(viewer.GetByRole(AriaRole.Link, new() { Name = "CSV by period and severity" })).ToHaveAttributeAsync("href", new Regex("period=week&severity=sev1$"));
        await Expect(weekTable.GetByRole(AriaRole.Cell, new() { Name = "SEV3" })).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(viewer, "metrics-week-sev1");

        await viewer.GotoAsync("/metrics");
        await Expect(countChart.Locator("svg path").First).ToBeAttachedAsync();
        var incidentsCell = viewer.GetByRole(AriaRole.Region, new() { Name = "By service" }).GetByRole(AriaRole.Row, new() { Name = service }).GetByRole(AriaRole.Cell).First;
        await Expect(incidentsCell).ToHaveTextAsync("2");

        // A new incident elsewhere shows up without a reload.
        await responder.DeclareAsync($"Search flaky {Unique.Id()}", "SEV4", services: service);
        await Expect(incidentsCell).ToHaveTextAsync("3");

        await using var phoneContext = await app.NewContextAsync(app.Viewer, new() { Width = 390, Height = 844 });
        var phone = await phoneContext.NewPageAsync();
        await phone.GotoAsync("/metrics");
        await Expect(phone.GetByRole(AriaRole.Region, new() { Name = "Incidents per month" }).Locator("svg path").First).ToBeAttachedAsync();
        await Screenshots.SaveAsync(phone, "phone-metrics");
        var widths = await phone.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"/metrics is {widths[0]} px wide in a {widths[1]} px window.");
    }
}
