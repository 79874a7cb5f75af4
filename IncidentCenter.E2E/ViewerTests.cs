using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>What a Viewer is shown; the server's own refusals are covered by the unit tests.</summary>
[Collection(AppCollection.Name)]
public sealed class ViewerTests(SharedApp app)
{
    [Fact]
    public async Task Viewer_gets_no_controls_on_an_incident_and_cannot_open_the_declare_form()
    {
        await using var responderContext = await app.NewContextAsync(app.Responder);
        var responder = await responderContext.NewPageAsync();
        var title = $"Search is slow {Unique.Id()}";
        var reference = await responder.DeclareAsync(title, "SEV3");
        await responder.AddTimelineEntryAsync("Looking at the index size.");

        await using var viewerContext = await app.NewContextAsync(app.Viewer);
        var viewer = await viewerContext.NewPageAsync();
        await viewer.GotoAsync($"/incidents/{reference}");
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{reference} {title}");
        await Expect(viewer.Timeline()).ToContainTextAsync("Looking at the index size.");

        await Expect(viewer.GetByLabel(Ui.TimelineBox)).ToHaveCountAsync(0);
        await Expect(viewer.GetByRole(AriaRole.Region, new() { Name = "Actions" })).ToHaveCountAsync(0);
        foreach (var name in new[] { "Add to timeline", "Cause identified", "Fix in place: monitoring", "Resolve", "Change severity", "Assign", "Edit details", "Edit", "Delete", "Acknowledge", "Escalate" })
        {
            await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = name, Exact = true })).ToHaveCountAsync(0);
        }
        // The page itself has no button for a Viewer (the app bar and navigation keep theirs: menu, account, sign out, groups).
        await Expect(viewer.Locator(".app-main").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();

        await viewer.GotoAsync("/");
        await Expect(viewer.GetByRole(AriaRole.Link, new() { Name = $"{reference} {title}" })).ToBeVisibleAsync();
        await Expect(viewer.GetByRole(AriaRole.Link, new() { Name = "Declare incident" })).ToHaveCountAsync(0);

        // Typed into the address bar: the server answers with its "Not allowed" page.
        await viewer.GotoAsync("/incidents/declare");
        await Expect(viewer.GetByText("Your role does not allow this")).ToBeVisibleAsync();
        await Expect(viewer.GetByLabel("Title", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Declare incident" })).ToHaveCountAsync(0);

        await viewer.GotoAsync("/admin/users");
        await Expect(viewer.GetByText("Your role does not allow this")).ToBeVisibleAsync();
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Add user" })).ToHaveCountAsync(0);
    }
}
