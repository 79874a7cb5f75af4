using System.Text.RegularExpressions;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>One truth between the public stage and the incident, as a responder meets it on the incident page and the dashboard.</summary>
[Collection(AppCollection.Name)]
public sealed class StageAgreementTests(SharedApp app)
{
    private const string MessageBox = "Message (Markdown)";

    private static ILocator Composer(IPage page) => page.GetByRole(AriaRole.Form, new() { Name = "Status update composer" });

    private static ILocator Flag(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Status page disagreement" });

    private static ILocator DashboardFlag(IPage page, string reference) =>
        page.GetByRole(AriaRole.Region, new() { Name = "Status page disagreements" }).Locator($"li[data-reference='{reference}']");

    [Fact]
    public async Task Publishing_the_Resolved_update_resolves_the_incident_too()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var reference = await page.DeclareAsync($"Checkout errors {Unique.Id()}", "SEV3", services: $"Checkout-{Unique.Id()}");
        var composer = Composer(page);

        await page.ChooseAsync("Stage", "Resolved");
        var option = composer.GetByLabel($"Also resolve {reference}");
        await Expect(option).ToBeCheckedAsync();
        await Expect(composer.GetByTestId("publish-confirmation")).ToHaveTextAsync("This also resolves the incident.");
        await Expect(composer.GetByRole(AriaRole.Button, new() { Name = "Publish Resolved update" }))
            .ToHaveAccessibleDescriptionAsync("This also resolves the incident.");
        await Screenshots.SaveAsync(page, "stage-agreement-confirmation");

        // The confirmation says that the incident is resolved too.
        await composer.GetByRole(AriaRole.Button, new() { Name = "Publish Resolved update" }).ClickAsync();
        await Expect(page.OpenDialog()).ToContainTextAsync($"This also resolves {reference}");
        await page.OpenDialog().GetByRole(AriaRole.Button, new() { Name = "Publish and resolve" }).ClickAsync();
        await page.ExpectSaidAsync($"Published the Resolved update; {reference} is resolved too.");
        await Expect(page.Locator(".incident-badges .state")).ToHaveTextAsync("Resolved");
        await Expect(page.GetByTestId("public-stage")).ToContainTextAsync("Public stage: Resolved");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Post-mortem" })).ToBeVisibleAsync();
        await Expect(page.Timeline()).ToContainTextAsync("State changed from Investigating to Resolved by Rita Responder. Reason: The Resolved status update was published.");
        await Expect(Flag(page)).ToHaveCountAsync(0);
        // A resolved incident is not offered to resolve again.
        await Expect(composer.GetByLabel($"Also resolve {reference}")).ToHaveCountAsync(0);

        await page.ReloadAsync();
        await Expect(page.Locator(".incident-badges .state")).ToHaveTextAsync("Resolved");
    }

    [Fact]
    public async Task Resolving_the_incident_with_its_public_incident_open_opens_the_composer_at_Resolved()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var reference = await page.DeclareAsync($"Search slow {Unique.Id()}", "SEV3", services: $"Search-{Unique.Id()}");
        var composer = Composer(page);
        var box = composer.GetByLabel(MessageBox);
        await page.PublishStatusAsync("Investigating");
        await Expect(page.GetByTestId("public-stage")).ToContainTextAsync("Public stage: Investigating");
        await Expect(composer.GetByLabel("Stage", new() { Exact = true })).ToHaveTextAsync("Identified");

        // The commander resolves in a hurry, right after the publish.
        await page.MoveIncidentAsync("Resolve");

        var prompt = composer.GetByTestId("resolve-prompt");
        await Expect(prompt).ToHaveTextAsync($"{reference} is resolved, but the status page still shows it as Investigating. Publish the Resolved update below.");
        await Expect(prompt).ToBeFocusedAsync();
        await Expect(composer.GetByLabel("Stage", new() { Exact = true })).ToHaveTextAsync("Resolved");
        await Expect(box).ToHaveValueAsync(new Regex("is resolved"));
        await Expect(Flag(page)).ToContainTextAsync("The incident is Resolved, but the public status page still shows it as Investigating.");
        // The incident is already resolved: nothing more to resolve.
        await Expect(composer.GetByTestId("publish-confirmation")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "stage-agreement-resolve-prompt");

        await page.PublishStatusAsync("Resolved", said: "Published the Resolved update.");
        await Expect(page.GetByTestId("public-stage")).ToContainTextAsync("Public stage: Resolved");
        await Expect(Flag(page)).ToHaveCountAsync(0);
        await Expect(prompt).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Text_typed_before_resolving_stays_when_the_composer_moves_to_Resolved()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        await page.DeclareAsync($"Mail delayed {Unique.Id()}", "SEV3", services: $"Mail-{Unique.Id()}");
        var composer = Composer(page);
        await page.PublishStatusAsync("Investigating");
        await Expect(page.GetByTestId("public-stage")).ToContainTextAsync("Public stage: Investigating");
        // The composer has moved on to the next stage (as a person sees before writing the next update).
        await Expect(composer.GetByLabel("Stage", new() { Exact = true })).ToHaveTextAsync("Identified");

        var mine = $"Mail flows again since 10:40 {Unique.Id()}";
        await composer.GetByLabel(MessageBox).FillAsync(mine);
        await page.MoveIncidentAsync("Resolve");

        await Expect(composer.GetByLabel("Stage", new() { Exact = true })).ToHaveTextAsync("Resolved");
        await Expect(composer.GetByTestId("resolve-prompt")).ToBeVisibleAsync();
        await Expect(composer.GetByLabel(MessageBox)).ToHaveValueAsync(mine);
    }

    [Fact]
    public async Task A_disagreement_is_flagged_on_the_incident_page_and_the_dashboard_until_dismissed_with_a_reason()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var reference = await page.DeclareAsync($"Payments flaky {Unique.Id()}", "SEV3", services: $"Payments-{Unique.Id()}");
        var composer = Composer(page);
        await page.ChooseAsync("Stage", "Resolved");
        await composer.GetByLabel($"Also resolve {reference}").UncheckAsync();
        await Expect(composer.GetByTestId("publish-confirmation")).ToHaveCountAsync(0);
        var dashboard = await context.NewPageAsync();
        await dashboard.GotoAsync("/");
        await Expect(dashboard.GetByRole(AriaRole.Table, new() { Name = "Incidents" })).ToContainTextAsync(reference);

        await page.PublishStatusAsync("Resolved", said: "Published the Resolved update.");
        await Expect(page.Locator(".incident-badges .state")).ToHaveTextAsync("Investigating");
        var flag = Flag(page);
        await Expect(flag).ToContainTextAsync("The public status page says Resolved, but the incident is still Investigating.");
        // The open dashboard follows without a reload.
        await Expect(DashboardFlag(dashboard, reference)).ToContainTextAsync("The public status page says Resolved, but the incident is still Investigating.");
        await Screenshots.SaveAsync(page, "stage-agreement-flag-incident");
        await Screenshots.SaveAsync(dashboard, "stage-agreement-flag-dashboard");

        // A Viewer sees the flag but cannot dismiss it.
        await using (var viewerContext = await app.NewContextAsync(app.Viewer))
        {
            var viewer = await viewerContext.NewPageAsync();
            await viewer.GotoAsync($"/incidents/{reference}");
            await Expect(Flag(viewer)).ToContainTextAsync("says Resolved");
            await Expect(Flag(viewer).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        }

        // No reason, no dismissal.
        await flag.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Expect(flag.GetByRole(AriaRole.Alert)).ToContainTextAsync("Say why");
        await Expect(DashboardFlag(dashboard, reference)).ToBeVisibleAsync();

        await flag.GetByLabel("Why they may disagree").FillAsync("Watching it internally until tomorrow");
        await flag.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();

        await Expect(flag).ToHaveCountAsync(0);
        await Expect(page.Timeline()).ToContainTextAsync("dismissed a disagreement with the status page");
        await Expect(page.Timeline()).ToContainTextAsync("Reason: Watching it internally until tomorrow");
        await Expect(DashboardFlag(dashboard, reference)).ToHaveCountAsync(0);
        await dashboard.ReloadAsync();
        await Expect(dashboard.GetByRole(AriaRole.Table, new() { Name = "Incidents" })).ToContainTextAsync(reference);
        await Expect(DashboardFlag(dashboard, reference)).ToHaveCountAsync(0);
    }
}
