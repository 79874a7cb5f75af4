using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// The incident page mid-incident, as the commander works it: on a desktop (light and dark) and on a phone,
/// where the response controls and the timeline composer come before the side panels. Saves the screenshots
/// (incident-light, incident-dark, incident-phone) when E2E_SCREENSHOTS names a folder.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class IncidentPageLayoutTests(SharedApp app)
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public async Task Mid_incident_the_timeline_leads_on_a_desktop_and_on_a_phone_the_response_comes_before_the_status_composer()
    {
        var id = Unique.Id();
        var title = $"Payments API timing out for EU customers {id}";
        var reference = await app.DeclareByAlertAsync(app.Admin, title, "critical",
            "Card payments time out after 30 s for **EU** customers.\n\n- started after the 14:02 deploy\n- US unaffected");

        await using var desktop = await app.NewContextAsync(app.Responder);
        var page = await desktop.NewPageAsync();
        await page.GotoAsync($"/incidents/{reference}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{reference} {title}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true })).ToBeVisibleAsync();

        await page.AddTimelineEntryAsync("Paged the payments on-call; rollback of `payments-api` v2.31 started.");
        await page.ChooseAsync("Kind", "Decision");
        await page.GetByLabel("Key event").CheckSettledAsync();
        await page.AddTimelineEntryAsync("Decided to fail over EU card traffic to the secondary acquirer while the rollback runs.");
        await page.AddTimelineEntryAsync("Error rate in eu-west down from 38 % to 4 %; a very-long-unbroken-identifier-like-this-one-0123456789abcdef-0123456789abcdef should wrap.");

        // A person is picked by typing part of the name (keyboard only).
        await page.ChooseAsync("Role to assign", "Technical Lead");
        await page.PickPersonAsync("Person", "admin", app.Admin.Name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        var roles = page.GetByRole(AriaRole.Region, new() { Name = "Roles", Exact = true });
        await Expect(roles.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Technical Lead" })).ToContainTextAsync(app.Admin.Name);

        await page.MoveIncidentAsync("Cause identified");
        await Expect(page.Locator(".incident-badges").GetByText("Identified", new() { Exact = true })).ToBeVisibleAsync();

        // The timeline is the wide column; the side panels sit beside it.
        var timeline = await page.GetByRole(AriaRole.Region, new() { Name = "Timeline section" }).BoundingBoxAsync();
        var actions = await page.GetByRole(AriaRole.Region, new() { Name = "Actions", Exact = true }).BoundingBoxAsync();
        Assert.True(timeline!.Width > actions!.Width * 1.4, $"timeline {timeline.Width} px, side {actions.Width} px");
        Assert.True(actions.X > timeline.X + timeline.Width - 1, "The actions are beside the timeline.");
        await AssertNoSidewaysScrollAsync(page);
        await Screenshots.SaveAsync(page, "incident-light");

        await using var dark = await app.NewContextAsync(app.Responder);
        await dark.AddCookiesAsync([new Cookie { Name = "ic-theme", Value = "dark", Url = app.Server.BaseUrl }]);
        var darkPage = await dark.NewPageAsync();
        await darkPage.GotoAsync($"/incidents/{reference}");
        await Expect(darkPage.Timeline()).ToContainTextAsync("Error rate in eu-west");
        await Screenshots.SaveAsync(darkPage, "incident-dark");

        await using var phone = await app.NewContextAsync(app.Responder, Phone);
        var small = await phone.NewPageAsync();
        await small.GotoAsync($"/incidents/{reference}");
        var composer = small.GetByLabel(Ui.TimelineBox);
        await Expect(composer).ToBeVisibleAsync();
        var acknowledge = await small.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true }).BoundingBoxAsync();
        var escalate = await small.GetByRole(AriaRole.Button, new() { Name = "Escalate", Exact = true }).BoundingBoxAsync();
        var box = await composer.BoundingBoxAsync();
        var statusPanel = await small.GetByRole(AriaRole.Form, new() { Name = "Status update composer" })
            .Or(small.Locator("[data-panel='Status page']")).First.BoundingBoxAsync();
        Assert.True(acknowledge!.Y < statusPanel!.Y && escalate!.Y < statusPanel.Y && box!.Y < statusPanel.Y,
            $"acknowledge {acknowledge.Y}, escalate {escalate!.Y}, composer {box!.Y}, status composer {statusPanel.Y}");
        await AssertNoSidewaysScrollAsync(small);
        await Screenshots.SaveAsync(small, "incident-phone");
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{page.Url} is {widths[0]} px wide in a {widths[1]} px window.");
    }
}
