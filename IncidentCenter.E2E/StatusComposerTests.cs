using System.Text.RegularExpressions;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>The responder side of the status page: the composer on the incident page and the admin pages.</summary>
[Collection(AppCollection.Name)]
public sealed partial class StatusComposerTests(SharedApp app)
{
    private const string MessageBox = "Message (Markdown)";

    [Fact]
    public async Task Responder_publishes_all_four_stages_and_the_internal_pages_show_each()
    {
        await using var responderContext = await app.NewContextAsync(app.Responder);
        await using var adminContext = await app.NewContextAsync(app.Admin);
        var page = await responderContext.NewPageAsync();
        var service = $"Checkout-{Unique.Id()}";
        var title = $"db-7 pool exhausted {Unique.Id()}";
        var reference = await page.DeclareAsync(title, "SEV2", services: service);

        // An Admin makes the service a public component with its own public name.
        var admin = await adminContext.NewPageAsync();
        var publicName = $"Online checkout {Unique.Id()}";
        await admin.MakeServicePublicAsync(service, publicName, "Shop");
        await Screenshots.SaveAsync(admin, "status-components");

        // A second internal view of the incident stays open while the responder publishes.
        await page.ReloadAsync();
        var watcher = await adminContext.NewPageAsync();
        await watcher.GotoAsync($"/incidents/{reference}");
        var watcherUpdates = watcher.GetByRole(AriaRole.List, new() { Name = "Published status updates" });
        await Expect(watcher.GetByTestId("public-stage")).ToHaveTextAsync("Not on the public status page yet.");
        await Expect(page.GetByTestId("update-countdown")).ToContainTextAsync("Next status update due in");

        var composer = page.GetByRole(AriaRole.Form, new() { Name = "Status update composer" });
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Preview as the public sees it" });
        await Expect(composer.GetByLabel("Stage", new() { Exact = true })).ToHaveTextAsync("Investigating");
        // The public title starts from the incident's; the responder says less.
        await Expect(composer.GetByLabel("Public title")).ToHaveValueAsync(title);
        await composer.GetByLabel("Public title").FillAsync("Checkout errors");
        await Expect(composer.GetByLabel(MessageBox)).ToHaveValueAsync(new Regex($"We are looking into a problem with {Regex.Escape(publicName)}\\."));
        await Expect(composer.GetByLabel($"New status of {publicName}")).ToHaveValueAsync("Partial outage");

        var stages = new[] { "Investigating", "Identified", "Monitoring", "Resolved" };
        for (var i = 0; i < stages.Length; i++)
        {
            var stage = stages[i];
            await Expect(composer.GetByLabel("Stage", new() { Exact = true })).ToHaveTextAsync(stage);
            if (stage == "Resolved")
            {
                // Resolving offers to set the affected components back to Operational.
                await Expect(composer.GetByLabel($"New status of {publicName}")).ToHaveValueAsync("Operational");
            }
            var words = $"{stage} words {Unique.Id()}";
            var box = composer.GetByLabel(MessageBox);
            await box.FillAsync(await box.InputValueAsync() + $" **{words}**");
            await Expect(preview.Locator("strong").Filter(new() { HasText = words })).ToBeVisibleAsync();
            await Expect(preview.Locator(".stage")).ToHaveTextAsync(stage);
            if (i == 0)
            {
                await Screenshots.SaveAsync(page, "status-composer");
            }

            // The Resolved update resolves the incident too (ticked by default); the confirmation says so.
            await page.PublishStatusAsync(stage, stage == "Resolved" ? "Publish and resolve" : null,
                stage == "Resolved" ? $"Published the Resolved update; {reference} is resolved too." : $"Published the {stage} update.");

            var updates = page.GetByRole(AriaRole.List, new() { Name = "Published status updates" });
            await Expect(updates.Locator($"[data-stage={stage}]").Filter(new() { HasText = words })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("public-stage")).ToContainTextAsync($"Public stage: {stage}");
            await Expect(page.Timeline()).ToContainTextAsync($"published a status update ({stage})");
            // The other open page follows without a reload.
            await Expect(watcherUpdates.Locator($"[data-stage={stage}]").Filter(new() { HasText = words })).ToBeVisibleAsync();
            await Expect(watcher.Timeline()).ToContainTextAsync($"published a status update ({stage})");
            // The composer starts over at the next stage, with the message box holding the new draft.
            await Expect(box).Not.ToHaveValueAsync(new Regex(Regex.Escape(words)));
        }

        await Expect(page.GetByTestId("public-stage")).ToContainTextAsync("Public stage: Resolved · Checkout errors");
        await Expect(page.GetByTestId("update-countdown")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Published status updates" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(4);

        await page.GetByRole(AriaRole.Button, new() { Name = "Build internal update" }).ClickAsync();
        await Expect(page.GetByLabel("Internal stakeholder update")).ToHaveValueAsync(new Regex($"^\\[SEV2\\] {reference}: "));
        await Screenshots.SaveAsync(page, "status-panel-resolved");

        await admin.GotoAsync("/status-page/components");
        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = service })).ToContainTextAsync("Operational");
        await admin.GotoAsync("/status-page/templates");
        await Expect(admin.GetByRole(AriaRole.Region, new() { Name = "Preview of the Identified template" })).ToContainTextAsync("Checkout and Payments");
        await Screenshots.SaveAsync(admin, "status-templates");
    }

    [Fact]
    public async Task Publishing_over_someone_elses_update_is_refused_and_the_text_is_kept()
    {
        await using var first = await app.NewContextAsync(app.Responder);
        await using var second = await app.NewContextAsync(app.Admin);
        var alice = await first.NewPageAsync();
        var reference = await alice.DeclareAsync($"Search slow {Unique.Id()}", "SEV2", services: $"Search-{Unique.Id()}");
        var bob = await second.NewPageAsync();
        await bob.GotoAsync($"/incidents/{reference}");
        var bobBox = bob.GetByLabel(MessageBox);
        await Expect(bobBox).ToHaveValueAsync(new Regex("We are looking into"));

        await alice.PublishStatusAsync("Investigating");

        var mine = $"Bob's own words {Unique.Id()}";
        await bobBox.FillAsync(mine);
        await bob.GetByRole(AriaRole.Button, new() { Name = "Publish Investigating update" }).ClickAsync();
        await Expect(bob.GetByTestId("composer-error")).ToContainTextAsync("Someone published while you were writing");
        await Expect(bobBox).ToHaveValueAsync(mine);

        // The draft is also kept in the browser: a reload (or a lost connection) brings it back.
        await bob.ReloadAsync();
        await Expect(bob.GetByLabel(MessageBox)).ToHaveValueAsync(mine);
        await Expect(bob.GetByText("Your unsaved draft was restored.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Responder_corrects_an_update_and_moves_the_stage_back_only_by_choice()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var service = $"Billing-{Unique.Id()}";
        await page.DeclareAsync($"Invoices fail {Unique.Id()}", "SEV2", services: service);
        var composer = page.GetByRole(AriaRole.Form, new() { Name = "Status update composer" });
        var updates = page.GetByRole(AriaRole.List, new() { Name = "Published status updates" });

        await composer.GetByLabel(MessageBox).FillAsync("Invoices fail because of the CDN.");
        await page.PublishStatusAsync("Investigating");
        await Expect(updates).ToContainTextAsync("because of the CDN");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Correct the Investigating update") }).ClickAsync();
        await page.GetByLabel("Corrected text of the Investigating update (Markdown)").FillAsync("Invoices fail because of a database limit.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish correction" }).ClickAsync();
        var current = updates.GetByRole(AriaRole.Listitem).First;
        await Expect(current).ToContainTextAsync("because of a database limit");
        await Expect(current.Locator(".flag.corrected")).ToBeVisibleAsync();
        await Expect(current.Locator("details.original")).ToContainTextAsync("because of the CDN");
        await Expect(updates.GetByText("Superseded Investigating update")).ToBeVisibleAsync();
        await Expect(page.Timeline()).ToContainTextAsync("corrected the Investigating update");

        // Monitoring, then back to Identified: only with the explicit choice and a reason.
        await page.ChooseAsync("Stage", "Monitoring");
        await page.PublishStatusAsync("Monitoring");
        await Expect(page.GetByTestId("public-stage")).ToContainTextAsync("Public stage: Monitoring");
        await page.ChooseAsync("Stage", "Identified");
        await Expect(composer.GetByText("moves the public stage back from Monitoring to Identified")).ToBeVisibleAsync();
        await composer.GetByLabel("Why the stage moves back").FillAsync("The fix did not hold");
        await Screenshots.SaveAsync(page, "status-composer-move-back");
        // Only after saying yes in the dialog, which names the move.
        await composer.GetByRole(AriaRole.Button, new() { Name = "Publish Identified update" }).ClickAsync();
        await Expect(page.OpenDialog()).ToContainTextAsync("This moves the public stage back from Monitoring to Identified.");
        await page.OpenDialog().GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.GetByTestId("public-stage")).ToContainTextAsync("Public stage: Monitoring");
        await page.PublishStatusAsync("Identified", "Move the stage back");
        await Expect(page.GetByTestId("public-stage")).ToContainTextAsync("Public stage: Identified");
        await Expect(updates.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("stage moved back");
        await Expect(page.Timeline()).ToContainTextAsync("Reason: The fix did not hold");
    }

    [Fact]
    public async Task An_Identified_update_that_names_nothing_is_published_only_after_confirming()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        await page.DeclareAsync($"Something is off {Unique.Id()}", "SEV2");
        var composer = page.GetByRole(AriaRole.Form, new() { Name = "Status update composer" });
        await page.ChooseAsync("Stage", "Identified");
        var checks = composer.GetByRole(AriaRole.Alert, new() { Name = "Stage checks" });
        await Expect(checks).ToContainTextAsync("does not say what is affected");

        await composer.GetByRole(AriaRole.Button, new() { Name = "Publish Identified update" }).ClickAsync();
        await Expect(page.OpenDialog()).ToContainTextAsync("does not say what is affected");
        await page.OpenDialog().GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.GetByTestId("public-stage")).ToHaveTextAsync("Not on the public status page yet.");

        await page.PublishStatusAsync("Identified", "Publish anyway");
        await Expect(page.GetByTestId("public-stage")).ToContainTextAsync("Public stage: Identified");

        // Resolving the incident itself offers the Resolved update next.
        await Expect(composer.GetByLabel("Stage", new() { Exact = true })).ToHaveTextAsync("Monitoring");
        await page.MoveIncidentAsync("Resolve");
        await Expect(composer.GetByLabel("Stage", new() { Exact = true })).ToHaveTextAsync("Resolved");
        await Expect(composer.GetByLabel(MessageBox)).ToHaveValueAsync(new Regex("is resolved"));
    }

    [Fact]
    public async Task Viewer_sees_published_updates_but_no_composer()
    {
        await using var responderContext = await app.NewContextAsync(app.Responder);
        var responder = await responderContext.NewPageAsync();
        var reference = await responder.DeclareAsync($"Mail delayed {Unique.Id()}", "SEV3", services: $"Mail-{Unique.Id()}");
        var words = $"Mail is delayed {Unique.Id()}";
        await responder.GetByLabel(MessageBox).FillAsync(words);
        await responder.PublishStatusAsync("Investigating");
        await Expect(responder.GetByTestId("public-stage")).ToContainTextAsync("Public stage: Investigating");

        await using var viewerContext = await app.NewContextAsync(app.Viewer);
        var viewer = await viewerContext.NewPageAsync();
        await viewer.GotoAsync($"/incidents/{reference}");
        await Expect(viewer.GetByRole(AriaRole.List, new() { Name = "Published status updates" })).ToContainTextAsync(words);
        await Expect(viewer.GetByRole(AriaRole.Form, new() { Name = "Status update composer" })).ToHaveCountAsync(0);
        await Expect(viewer.GetByLabel(MessageBox)).ToHaveCountAsync(0);
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Publish Identified update" })).ToHaveCountAsync(0);
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "correct", Exact = false })).ToHaveCountAsync(0);

        // The components page is read-only for a Viewer.
        await viewer.GotoAsync("/status-page/components");
        await Expect(viewer.GetByRole(AriaRole.Table, new() { Name = "Components" })).ToBeVisibleAsync();
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = false })).ToHaveCountAsync(0);
        await Expect(viewer.GetByRole(AriaRole.Combobox)).ToHaveCountAsync(0);
    }
}
