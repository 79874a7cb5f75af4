using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

[Collection(AppCollection.Name)]
public sealed class UserAdminTests(SharedApp app)
{
    [Fact]
    public async Task Admin_adds_a_responder_and_a_viewer_who_then_sign_in_with_their_roles()
    {
        var responder = Account.Create("Rosa Added", "Responder");
        var viewer = Account.Create("Vic Added", "Viewer");

        await using (var admin = await app.NewContextAsync(app.Admin))
        {
            var page = await admin.NewPageAsync();
            await page.AddUserAsync(responder);
            await page.AddUserAsync(viewer);

            var users = page.GetByRole(AriaRole.Region, new() { Name = "Users" });
            await Expect(users.GetByRole(AriaRole.Combobox, new() { Name = $"Role of {responder.Name}" })).ToHaveTextAsync("Responder");
            await Expect(users.GetByRole(AriaRole.Combobox, new() { Name = $"Role of {viewer.Name}" })).ToHaveTextAsync("Viewer");
            // The form is cleared for the next person.
            await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("");
            await Screenshots.SaveAsync(page, "users");
            await page.SaveLightAndDarkAsync("admin-users");
        }

        await using (var asResponder = await app.NewContextAsync())
        {
            var page = await asResponder.NewPageAsync();
            await page.GotoAsync("/");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
            await Screenshots.SaveAsync(page, "login");
            await page.SignInAsync(responder);
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Declare incident" })).ToBeVisibleAsync();
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        }

        await using (var asViewer = await app.NewContextAsync())
        {
            var page = await asViewer.NewPageAsync();
            await page.SignInAsync(viewer);
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Dashboard" })).ToBeVisibleAsync();
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Declare incident" })).ToHaveCountAsync(0);
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        }
    }

    [Fact]
    public async Task Disabling_a_user_asks_first_and_cancel_leaves_them_active()
    {
        var leaver = Account.Create("Lee Leaving", "Responder");
        await using var admin = await app.NewContextAsync(app.Admin);
        var page = await admin.NewPageAsync();
        await page.AddUserAsync(leaver);
        var row = page.GetByRole(AriaRole.Region, new() { Name = "Users" }).GetByRole(AriaRole.Row).Filter(new() { HasText = leaver.Email });

        await page.GetByRole(AriaRole.Button, new() { Name = $"Disable {leaver.Name}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"Disable {leaver.Name}?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(row).ToContainTextAsync("Active");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Disable {leaver.Name}" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Disable", Exact = true }).ClickAsync();
        await page.ExpectSaidAsync($"{leaver.Name} is disabled.");
        await Expect(row).ToContainTextAsync("Disabled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Enable {leaver.Name}" })).ToBeVisibleAsync();
    }
}
