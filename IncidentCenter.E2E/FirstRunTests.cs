using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

[Collection(FirstRunCollection.Name)]
public sealed class FirstRunTests(EmptyApp app)
{
    [Fact]
    public async Task Setup_creates_the_first_admin_signs_them_in_and_then_closes()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        // With no Admin, the app sends every visitor to setup.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync($"{app.Server.BaseUrl}/setup");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create the first Admin" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "setup");

        // The one-time setup code is in the app's log, as with Grafana or Jenkins.
        var code = System.Text.RegularExpressions.Regex.Match(app.Server.FullLog(), @"setup code: (?<code>[A-Z2-9]{4}(-[A-Z2-9]{4}){3})").Groups["code"].Value;
        Assert.NotEqual("", code);
        await page.GetByLabel("Setup code").FillAsync(code);
        await page.GetByLabel("Your name").FillAsync("Fiona First");
        await page.GetByLabel("Email").FillAsync("fiona@example.test");
        await page.GetByLabel("Password (at least 10 characters)").FillAsync("first-admin-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create Admin and sign in" }).ClickAsync();

        // Signed in as that Admin, on the Users page.
        await Expect(page).ToHaveURLAsync($"{app.Server.BaseUrl}/admin/users");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("Fiona First");
        var users = page.GetByRole(AriaRole.Region, new() { Name = "Users" });
        await Expect(users.GetByRole(AriaRole.Row).Filter(new() { HasText = "fiona@example.test" })).ToContainTextAsync("Active");
        await Expect(users.GetByRole(AriaRole.Combobox, new() { Name = "Role of Fiona First" })).ToHaveTextAsync("Admin");

        // Setup is closed for the Admin and for anyone else.
        await page.GotoAsync("/setup");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Setup is done" })).ToBeVisibleAsync();
        await using var stranger = await app.NewContextAsync();
        var strangerPage = await stranger.NewPageAsync();
        await strangerPage.GotoAsync("/setup");
        await Expect(strangerPage.GetByRole(AriaRole.Heading, new() { Name = "Setup is done" })).ToBeVisibleAsync();
        await Expect(strangerPage.GetByLabel("Your name")).ToHaveCountAsync(0);

        // And the new Admin can sign in with the password chosen there.
        await strangerPage.SignInAsync(new Account("Fiona First", "fiona@example.test", "first-admin-password", "Admin"));
        await Expect(strangerPage.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();
    }
}
