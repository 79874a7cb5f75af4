using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>A post-mortem's action items edited with MudSelects, and the tasks panel beside them (branch tasks).</summary>
[Collection(AppCollection.Name)]
public sealed class ActionItemsTests(SharedApp app)
{
    [Fact]
    public async Task Action_items_are_edited_with_labelled_selects_and_a_conflict_keeps_the_typed_text()
    {
        await using var responderContext = await app.NewContextAsync(app.Responder);
        await using var adminContext = await app.NewContextAsync(app.Admin);
        var page = await responderContext.NewPageAsync();
        var admin = await adminContext.NewPageAsync();

        var reference = await page.DeclareAsync($"Logins are slow {Unique.Id()}", "SEV3");
        var tasks = page.GetByRole(AriaRole.Region, new() { Name = "Tasks" });
        var firstTask = $"Scale out the auth service {Unique.Id()}";
        await tasks.GetByLabel("New task", new() { Exact = true }).FillAsync(firstTask);
        await tasks.GetByLabel("Assign to", new() { Exact = true }).ChooseAsync(app.Admin.Name);
        await tasks.GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        var secondTask = $"Page the identity team {Unique.Id()}";
        await tasks.GetByLabel("New task", new() { Exact = true }).FillAsync(secondTask);
        await tasks.GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        await tasks.GetByLabel($"State of {secondTask}").ChooseAsync("Done");
        await Expect(tasks.GetByLabel($"State of {secondTask}")).ToHaveValueAsync("Done");
        await Expect(tasks.GetByLabel($"Assignee of {firstTask}")).ToHaveValueAsync(app.Admin.Name);
        await tasks.ScrollIntoViewIfNeededAsync();
        await page.SaveLightAndDarkAsync("incident-tasks");
        await tasks.SavePartAsync("incident-tasks-panel");

        await page.MoveIncidentAsync("Resolve");
        await page.GotoAsync($"/incidents/{reference}/postmortem");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate post-mortem" }).ClickAsync();
        var region = page.GetByRole(AriaRole.Region, new() { Name = "Action items" });
        var list = region.GetByRole(AriaRole.Table, new() { Name = "Action items list" });

        var late = $"Alert on login latency {Unique.Id()}";
        await region.GetByLabel("Action item", new() { Exact = true }).FillAsync(late);
        await page.ChooseAsync("Owner", app.Responder.Name);
        await region.GetByLabel("Due date", new() { Exact = true }).FillAsync("2020-01-15");
        await region.GetByRole(AriaRole.Button, new() { Name = "Add action item" }).ClickAsync();
        await Expect(list.GetByRole(AriaRole.Row).Filter(new() { HasText = late })).ToContainTextAsync("overdue");
        await Expect(region.GetByLabel("Action item", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(region.GetByLabel($"Owner of {late}")).ToHaveValueAsync(app.Responder.Name);
        await Expect(region.GetByLabel($"Due date of {late}")).ToHaveValueAsync("2020-01-15");

        var other = $"Cache session lookups {Unique.Id()}";
        await region.GetByLabel("Action item", new() { Exact = true }).FillAsync(other);
        await region.GetByRole(AriaRole.Button, new() { Name = "Add action item" }).ClickAsync();
        await Expect(region.GetByLabel($"Owner of {other}")).ToHaveValueAsync("No owner");
        await region.GetByLabel($"State of {other}").ChooseAsync("In progress");
        await Expect(region.GetByLabel($"State of {other}")).ToHaveValueAsync("In progress");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Preview" })).ToContainTextAsync(other);

        // Someone else marks it done while this page still shows "In progress" and a new item is being typed.
        await admin.GotoAsync($"/incidents/{reference}/postmortem");
        await admin.GetByLabel($"State of {other}").ChooseAsync("Done");
        await Expect(admin.GetByLabel($"State of {other}")).ToHaveValueAsync("Done");
        var typed = "Half-typed idea that must survive";
        await region.GetByLabel("Action item", new() { Exact = true }).FillAsync(typed);
        await region.GetByLabel($"Owner of {other}").ChooseAsync(app.Responder.Name);
        await page.ExpectSaidAsync("Someone else changed this action item");
        // The refused owner is not kept on screen; the other person's change is shown; the typed text stays.
        await Expect(region.GetByLabel($"Owner of {other}")).ToHaveValueAsync("No owner");
        await Expect(region.GetByLabel($"State of {other}")).ToHaveValueAsync("Done");
        await Expect(region.GetByLabel("Action item", new() { Exact = true })).ToHaveValueAsync(typed);

        await region.ScrollIntoViewIfNeededAsync();
        await region.SavePartAsync("postmortem-action-items-panel");
        await page.SaveLightAndDarkAsync("postmortem-action-items");
        await using var phoneContext = await app.NewContextAsync(app.Responder, new() { Width = 390, Height = 844 });
        var phone = await phoneContext.NewPageAsync();
        await phone.GotoAsync($"/incidents/{reference}/postmortem");
        await Expect(phone.GetByLabel($"State of {other}")).ToHaveValueAsync("Done");
        await Screenshots.SaveAsync(phone, "postmortem-action-items-phone");
        await phone.GetByRole(AriaRole.Region, new() { Name = "Action items" }).SavePartAsync("postmortem-action-items-phone-panel");
        await phone.GotoAsync($"/incidents/{reference}");
        await phone.GetByRole(AriaRole.Region, new() { Name = "Tasks" }).SavePartAsync("incident-tasks-phone-panel");
    }
}
