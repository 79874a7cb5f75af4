using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>A Viewer's open pages follow what a Responder does, without reloading.</summary>
[Collection(AppCollection.Name)]
public sealed class LiveUpdateTests(SharedApp app)
{
    [Fact]
    public async Task Viewer_sees_declaration_timeline_entry_and_state_change_arrive_live()
    {
        await using var viewerContext = await app.NewContextAsync(app.Viewer);
        await using var responderContext = await app.NewContextAsync(app.Responder);
        var viewer = await viewerContext.NewPageAsync();
        var responder = await responderContext.NewPageAsync();

        // The Viewer's dashboard is open (and loaded) before anything is declared.
        await viewer.GotoAsync("/");
        await Expect(viewer.GetByRole(AriaRole.Table, new() { Name = "Incidents" })
            .Or(viewer.GetByText("No incidents match these filters."))).ToBeVisibleAsync();
        await viewer.MarkWindowAsync();

        var title = $"Checkout returns 502 {Unique.Id()}";
        var reference = await responder.DeclareAsync(title, "SEV1", services: $"Checkout-{Unique.Id()}");

        var link = viewer.GetByRole(AriaRole.Link, new() { Name = $"{reference} {title}" });
        await Expect(link).ToBeVisibleAsync();
        await viewer.AssertNotReloadedAsync();

        // The Viewer follows the incident; the page is an in-app navigation, not a reload.
        await link.ClickAsync();
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{reference} {title}");
        await Expect(viewer.Timeline()).ToContainTextAsync("Incident declared");
        await viewer.AssertNotReloadedAsync();

        var note = $"Rolled back deploy {Unique.Id()}; error rate falling.";
        await responder.AddTimelineEntryAsync(note);
        await Expect(viewer.Timeline().GetByRole(AriaRole.Listitem).Filter(new() { HasText = note })).ToBeVisibleAsync();

        await responder.GetByRole(AriaRole.Button, new() { Name = "Cause identified" }).ClickAsync();
        var viewerBadges = viewer.Locator(".incident-badges");
        await Expect(viewerBadges.GetByText("Identified", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(viewerBadges.GetByText("Investigating", new() { Exact = true })).ToHaveCountAsync(0);
        await viewer.AssertNotReloadedAsync();

        // And the dashboard the Viewer left shows the new state when they go back.
        await viewer.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        var row = viewer.GetByRole(AriaRole.Row).Filter(new() { HasText = reference + " " });
        await Expect(row).ToContainTextAsync("Identified");
    }
}
