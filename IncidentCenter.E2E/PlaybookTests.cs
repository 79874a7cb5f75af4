using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>Checklists, tasks and runbooks on the incident page, shared live between the people working it.</summary>
[Collection(AppCollection.Name)]
public sealed class PlaybookTests(SharedApp app)
{
    private const string LogsItem = "Read the error logs of the affected services";

    [Fact]
    public async Task A_tick_and_a_task_in_one_browser_appear_in_the_other_without_a_reload()
    {
        await using var responderContext = await app.NewContextAsync(app.Responder);
        await using var adminContext = await app.NewContextAsync(app.Admin);
        var responder = await responderContext.NewPageAsync();
        var admin = await adminContext.NewPageAsync();

        var title = $"Database timeout on checkout {Unique.Id()}";
        var reference = await responder.DeclareAsync(title, "SEV2", services: $"Checkout-{Unique.Id()}",
            description: "Requests fail after 30 s; the connection pool looks exhausted.");
        await admin.GotoAsync($"/incidents/{reference}");
        var adminChecklists = admin.GetByRole(AriaRole.Region, new() { Name = "Checklists" });
        var adminItem = adminChecklists.GetByRole(AriaRole.Checkbox, new() { Name = LogsItem });
        await Expect(adminItem).Not.ToBeCheckedAsync();
        await admin.MarkWindowAsync();

        // Attached at declaration: SEV2 gets the investigation, coordination and verification checklists.
        var checklists = responder.GetByRole(AriaRole.Region, new() { Name = "Checklists" });
        await Expect(checklists.GetByRole(AriaRole.Group)).ToHaveCountAsync(3);
        await checklists.GetByRole(AriaRole.Checkbox, new() { Name = LogsItem }).CheckAsync();

        await Expect(adminItem).ToBeCheckedAsync();
        await Expect(adminChecklists).ToContainTextAsync(app.Responder.Name);
        await Expect(admin.Timeline()).ToContainTextAsync($"{app.Responder.Name} ticked \"{LogsItem}\"");
        await admin.AssertNotReloadedAsync();

        // And back the other way: unticked by the Admin, seen by the Responder.
        await adminItem.UncheckAsync();
        await Expect(checklists.GetByRole(AriaRole.Checkbox, new() { Name = LogsItem })).Not.ToBeCheckedAsync();
        await Expect(responder.Timeline()).ToContainTextAsync($"{app.Admin.Name} unticked \"{LogsItem}\"");

        var task = $"Restart the checkout workers {Unique.Id()}";
        var tasks = responder.GetByRole(AriaRole.Region, new() { Name = "Tasks" });
        await tasks.GetByLabel("New task", new() { Exact = true }).FillAsync(task);
        await tasks.GetByLabel("Assign to", new() { Exact = true }).ChooseAsync(app.Admin.Name);
        await tasks.GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        var adminTasks = admin.GetByRole(AriaRole.Region, new() { Name = "Tasks" });
        await Expect(adminTasks.GetByText(task, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(adminTasks.GetByLabel($"Assignee of {task}")).ToHaveValueAsync(app.Admin.Name);
        await admin.AssertNotReloadedAsync();

        // The runbook that fits, and why.
        var runbooks = responder.GetByRole(AriaRole.Region, new() { Name = "Suggested runbooks" });
        await Expect(runbooks.GetByRole(AriaRole.Link, new() { Name = "Database connection failure" })).ToBeVisibleAsync();
        await Expect(runbooks).ToContainTextAsync("\"timeout\" in the title");
        await checklists.GetByRole(AriaRole.Checkbox, new() { Name = "Look at deployments and releases" }).CheckAsync();
        await Expect(checklists.GetByRole(AriaRole.Checkbox, new() { Name = "Look at deployments and releases" })).ToBeCheckedAsync();
        await Screenshots.SaveAsync(responder, "incident-playbooks");

        await runbooks.GetByRole(AriaRole.Link, new() { Name = "Database connection failure" }).ClickAsync();
        await Expect(responder.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Database connection failure");
        await Expect(responder.GetByRole(AriaRole.Heading, new() { Name = "Diagnosis" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(responder, "runbook");
    }

    [Fact]
    public async Task Runbooks_are_searchable_and_edits_keep_their_history()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Runbooks" }).ClickAsync();
        await page.GetByLabel("Search runbooks").FillAsync("smtp");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        var results = page.GetByRole(AriaRole.List, new() { Name = "Runbook results" });
        await Expect(results.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Expect(results).ToContainTextAsync("Email delivery problems");
        await Screenshots.SaveAsync(page, "runbook-search");

        var title = $"Disk full {Unique.Id()}";
        await page.GotoAsync("/runbooks/new");
        await page.GetByLabel("Runbook title").FillAsync(title);
        await page.GetByLabel("Keywords").FillAsync("disk, space");
        await page.GetByLabel("Runbook text (Markdown)").FillAsync("## Symptoms\nWrites fail.\n\n## Resolution\nFree space.");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Runbook preview" }).GetByRole(AriaRole.Heading, new() { Name = "Symptoms" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "runbook-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save runbook" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit runbook" }).ClickAsync();
        await page.GetByLabel("Runbook text (Markdown)").FillAsync("## Symptoms\nWrites fail.\n\n## Resolution\nDelete old logs.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save runbook" }).ClickAsync();
        await Expect(page.Locator(".runbook-body")).ToContainTextAsync("Delete old logs.");

        var history = page.GetByRole(AriaRole.Complementary, new() { Name = "Revision history" });
        await history.GetByRole(AriaRole.Button, new() { Name = "Revision 1" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore revision 1" }).ClickAsync();
        await page.ExpectSaidAsync("Revision 1 restored.");
        await Expect(page.Locator(".runbook-body")).ToContainTextAsync("Free space.");
        await Expect(history.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);
        await page.SaveLightAndDarkAsync("admin-runbook");
    }

    [Fact]
    public async Task An_admin_template_is_attached_to_the_next_incident_it_fits_and_viewers_only_read()
    {
        await using var adminContext = await app.NewContextAsync(app.Admin);
        await using var viewerContext = await app.NewContextAsync(app.Viewer);
        var admin = await adminContext.NewPageAsync();
        var viewer = await viewerContext.NewPageAsync();

        var name = $"Cosmetic fix check {Unique.Id()}";
        await admin.GotoAsync("/runbooks");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Checklist templates" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "New template" }).ClickAsync();
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await admin.GetByLabel("SEV4", new() { Exact = true }).CheckAsync();
        await admin.GetByLabel("Items, one per line, in order").FillAsync("Screenshot before\nScreenshot after");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save checklist template" }).ClickAsync();
        await admin.ExpectSaidAsync("Saved.");
        await Screenshots.SaveAsync(admin, "checklist-templates");

        var title = $"Misaligned footer {Unique.Id()}";
        var reference = await admin.DeclareAsync(title, "SEV4");
        var checklists = admin.GetByRole(AriaRole.Region, new() { Name = "Checklists" });
        await Expect(checklists.GetByRole(AriaRole.Group, new() { Name = name })).ToBeVisibleAsync();
        var task = $"Fix the footer {Unique.Id()}";
        await admin.GetByRole(AriaRole.Region, new() { Name = "Tasks" }).GetByLabel("New task", new() { Exact = true }).FillAsync(task);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Region, new() { Name = "Tasks" }).GetByText(task, new() { Exact = true })).ToBeVisibleAsync();

        await viewer.GotoAsync($"/incidents/{reference}");
        var viewerChecklists = viewer.GetByRole(AriaRole.Region, new() { Name = "Checklists" });
        await Expect(viewerChecklists.GetByRole(AriaRole.Checkbox, new() { Name = "Screenshot before" })).ToBeDisabledAsync();
        await Expect(viewer.GetByRole(AriaRole.Region, new() { Name = "Tasks" })).ToContainTextAsync(task);
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Add task" })).ToHaveCountAsync(0);

        await viewer.GotoAsync("/follow-ups?kind=all");
        var open = viewer.GetByRole(AriaRole.Table, new() { Name = "Open tasks and follow-ups" });
        await Expect(open.GetByRole(AriaRole.Row).Filter(new() { HasText = task })).ToContainTextAsync("Task");
        await Screenshots.SaveAsync(viewer, "open-work");
    }

    [Fact]
    public async Task A_runbook_edit_that_lost_a_race_keeps_its_text_and_raw_html_is_never_rendered()
    {
        await using var firstContext = await app.NewContextAsync(app.Responder);
        await using var secondContext = await app.NewContextAsync(app.Admin);
        var first = await firstContext.NewPageAsync();
        var second = await secondContext.NewPageAsync();

        var title = $"Queue stuck {Unique.Id()}";
        await first.GotoAsync("/runbooks/new");
        await first.GetByLabel("Runbook title").FillAsync(title);
        await first.GetByLabel("Runbook text (Markdown)").FillAsync("## Symptoms\nJobs wait. <b id=\"raw\">raw</b> [bad](javascript:alert(1))");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save runbook" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(first.Locator(".runbook-body")).ToContainTextAsync("Jobs wait.");
        await Expect(first.Locator("#raw")).ToHaveCountAsync(0);
        await Expect(first.Locator(".runbook-body a[href^='javascript']")).ToHaveCountAsync(0);

        // Both open the editor on the same version; the Admin saves first.
        await second.GotoAsync(first.Url);
        await first.GetByRole(AriaRole.Button, new() { Name = "Edit runbook" }).ClickAsync();
        await second.GetByRole(AriaRole.Button, new() { Name = "Edit runbook" }).ClickAsync();
        await second.GetByLabel("Runbook text (Markdown)").FillAsync("## Symptoms\nJobs wait. Restart the scheduler.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save runbook" }).ClickAsync();
        await Expect(second.Locator(".runbook-body")).ToContainTextAsync("Restart the scheduler.");

        const string mine = "## Symptoms\nJobs wait. Check the dead-letter queue.";
        await first.GetByLabel("Runbook text (Markdown)").FillAsync(mine);
        await first.GetByRole(AriaRole.Button, new() { Name = "Save runbook" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Alert)).ToContainTextAsync("Someone else changed");
        await Expect(first.GetByLabel("Runbook text (Markdown)")).ToHaveValueAsync(mine);
        await Expect(first.GetByRole(AriaRole.Region, new() { Name = "Latest saved version" })).ToContainTextAsync("Restart the scheduler.");
        await Screenshots.SaveAsync(first, "runbook-conflict");

        await first.GetByRole(AriaRole.Button, new() { Name = "Save mine over the latest" }).ClickAsync();
        await Expect(first.Locator(".runbook-body")).ToContainTextAsync("Check the dead-letter queue.");
        await Expect(first.GetByRole(AriaRole.Complementary, new() { Name = "Revision history" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task A_long_runbook_over_the_default_signalr_message_size_is_saved_without_dropping_the_circuit()
    {
        await using var context = await app.NewContextAsync(app.Responder);
        var page = await context.NewPageAsync();
        var title = $"Long runbook {Unique.Id()}";
        // About 60 000 characters, within the runbook limit (100 000) but over SignalR's default 32 KB message.
        var body = "## Symptoms\n" + string.Concat(Enumerable.Repeat("Step: check the worker logs and restart the queue consumer.\n", 1000)) + "The end of the long runbook.";
        await page.GotoAsync("/runbooks/new");
        await page.GetByLabel("Runbook title").FillAsync(title);
        // Pasted in one go: one input event carrying the whole text, as a paste sends it. (Playwright's
        // FillAsync inserts 60,000 characters through the input pipeline and took over 30 s on a loaded CI machine.)
        var box = page.GetByLabel("Runbook text (Markdown)");
        await box.EvaluateAsync("(e, text) => { e.focus(); e.value = text; e.dispatchEvent(new Event('input', { bubbles: true })); }", body);
        await Expect(box).ToHaveValueAsync(body);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save runbook" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(page.Locator(".runbook-body")).ToContainTextAsync("The end of the long runbook.");
    }

    [Fact]
    public async Task A_refused_task_change_puts_the_select_back_to_what_the_server_kept()
    {
        await using var adminContext = await app.NewContextAsync(app.Admin);
        await using var responderContext = await app.NewContextAsync(app.Responder);
        var admin = await adminContext.NewPageAsync();
        var responder = await responderContext.NewPageAsync();
        var helper = Account.Create("Hana Helper", "Responder");
        await admin.AddUserAsync(helper);

        await responder.DeclareAsync($"Slow search {Unique.Id()}", "SEV3");
        var tasks = responder.GetByRole(AriaRole.Region, new() { Name = "Tasks" });
        var task = $"Rebuild the index {Unique.Id()}";
        await tasks.GetByLabel("New task", new() { Exact = true }).FillAsync(task);
        await tasks.GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        var assignee = tasks.GetByLabel($"Assignee of {task}");
        await Expect(assignee).ToHaveValueAsync("Unassigned");

        // The helper becomes a Viewer while the responder's page still offers them.
        await admin.GetByRole(AriaRole.Region, new() { Name = "Users" }).GetByRole(AriaRole.Combobox, new() { Name = $"Role of {helper.Name}" }).ChooseAsync("Viewer");
        await admin.ExpectSaidAsync($"{helper.Name} is now Viewer.");

        await assignee.ChooseAsync(helper.Name);
        await responder.ExpectSaidAsync("cannot own");
        // Nobody was assigned, so the select must not keep showing the helper.
        await Expect(assignee).ToHaveValueAsync("Unassigned");
    }

    [Fact]
    public async Task A_restore_that_lost_a_race_is_shown_as_an_error_not_as_a_success()
    {
        await using var firstContext = await app.NewContextAsync(app.Responder);
        await using var secondContext = await app.NewContextAsync(app.Admin);
        var first = await firstContext.NewPageAsync();
        var second = await secondContext.NewPageAsync();

        var title = $"Certificate expiry {Unique.Id()}";
        await first.GotoAsync("/runbooks/new");
        await first.GetByLabel("Runbook title").FillAsync(title);
        await first.GetByLabel("Runbook text (Markdown)").FillAsync("## Resolution\nRenew it.");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save runbook" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await first.GetByRole(AriaRole.Button, new() { Name = "Edit runbook" }).ClickAsync();
        await first.GetByLabel("Runbook text (Markdown)").FillAsync("## Resolution\nRenew it with the ACME client.");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save runbook" }).ClickAsync();
        await Expect(first.Locator(".runbook-body")).ToContainTextAsync("ACME client");
        await first.GetByRole(AriaRole.Complementary, new() { Name = "Revision history" }).GetByRole(AriaRole.Button, new() { Name = "Revision 1" }).ClickAsync();

        // Meanwhile someone else edits it; the first page still holds the old version.
        await second.GotoAsync(first.Url);
        await second.GetByRole(AriaRole.Button, new() { Name = "Edit runbook" }).ClickAsync();
        await second.GetByLabel("Runbook text (Markdown)").FillAsync("## Resolution\nRenew it; the pager reminds us.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save runbook" }).ClickAsync();
        await Expect(second.Locator(".runbook-body")).ToContainTextAsync("pager reminds");

        await first.GetByRole(AriaRole.Button, new() { Name = "Restore revision 1" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Alert)).ToContainTextAsync("Someone else changed");
        await Expect(first.Locator(".form-success")).ToHaveCountAsync(0);
    }
}
