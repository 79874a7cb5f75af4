using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E;

/// <summary>
/// Admin forms on TextBox (Blazor's own binding): a refused save shows each field's message under the field, and the
/// messages follow the typing. Saves admin pages with TextBoxes in light and dark when E2E_SCREENSHOTS names a folder.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TextBoxFormTests(SharedApp app)
{
    [Fact]
    public async Task A_refused_add_user_shows_each_fields_message_and_typing_updates_them()
    {
        await using var admin = await app.NewContextAsync(app.Admin);
        var page = await admin.NewPageAsync();
        await page.GotoAsync("/admin/users");
        var name = page.GetByLabel("Name", new() { Exact = true });
        var email = page.GetByLabel("Email", new() { Exact = true });
        var password = page.GetByLabel("Initial password");
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "false");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();

        await Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByText("Enter the person's name.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Enter an email address.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Enter a password.")).ToBeVisibleAsync();

        await name.PressSequentiallyAsync("Tess Typed");
        await Expect(page.GetByText("Enter the person's name.")).ToHaveCountAsync(0);
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "false");
        await Expect(name).ToHaveValueAsync("Tess Typed");
        await email.PressSequentiallyAsync("tess");
        await Expect(page.GetByText("Enter a valid email address.")).ToBeVisibleAsync();
        await password.PressSequentiallyAsync("short");
        await Expect(page.GetByText("The password needs at least 10 characters.")).ToBeVisibleAsync();
        // Nobody was added.
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Users" }).GetByText("Tess Typed")).ToHaveCountAsync(0);

        await Screenshots.SaveAsync(page, "textbox-users-refused");
        await page.GotoAsync("/admin/users");
        await page.SaveLightAndDarkAsync("textbox-users");

        // The services form: the same messages, and an added service clears the form.
        var service = $"TextBox-{Unique.Id()}";
        await page.GotoAsync("/services");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add service" }).ClickAsync();
        await Expect(page.GetByText("Enter a name.")).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).PressSequentiallyAsync(service);
        await Expect(page.GetByText("Enter a name.")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add service" }).ClickAsync();
        await Ui.ExpectSaidAsync(page, $"Added {service}.");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(page.GetByText("Enter a name.")).ToHaveCountAsync(0);

        await page.GotoAsync("/status-page/components");
        await Expect(page.GetByLabel($"Public name of {service}")).ToBeVisibleAsync();
        await page.SaveLightAndDarkAsync("textbox-status-components");
    }
}
