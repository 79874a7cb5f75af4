using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace IncidentCenter.E2E.Support;

/// <summary>The incident page's MudBlazor parts: dialogs, the person picker, alert-declared incidents.</summary>
public static partial class Ui
{
    /// <summary>The open confirmation dialog.</summary>
    public static ILocator OpenDialog(this IPage page) => page.GetByRole(AriaRole.Dialog);

    /// <summary>Presses <paramref name="button"/> in the open confirmation dialog and waits for it to close.</summary>
    public static async Task ConfirmAsync(this IPage page, string button)
    {
        await page.OpenDialog().GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await Expect(page.OpenDialog()).ToHaveCountAsync(0);
    }

    /// <summary>Changes the incident's state with its button, confirming in the dialog when one asks.</summary>
    public static async Task MoveIncidentAsync(this IPage page, string action)
    {
        await page.GetByRole(AriaRole.Region, new() { Name = "Actions", Exact = true }).GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
        if (action is "Resolve")
        {
            await page.ConfirmAsync("Resolve");
        }
    }

    /// <summary>Types part of a name into the MudAutocomplete labelled <paramref name="label"/> and picks the person with the keyboard.</summary>
    public static async Task PickPersonAsync(this IPage page, string label, string typed, string name)
    {
        var box = page.GetByLabel(label, new() { Exact = true });
        await box.ClickAsync();
        await box.PressSequentiallyAsync(typed);
        await Expect(page.Locator(".mud-popover-open").GetByText(name, new() { Exact = true })).ToBeVisibleAsync();
        await box.PressAsync("ArrowDown");
        await box.PressAsync("Enter");
        await Expect(box).ToHaveValueAsync(name);
    }

    /// <summary>Declares an incident the way monitoring does (it then awaits acknowledgement); returns its reference.</summary>
    public static async Task<string> DeclareByAlertAsync(this E2EApp app, Account admin, string title, string severity, string description)
    {
        await using var context = await app.NewContextAsync(admin);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/settings/api-tokens");
        await page.GetByLabel("Token name").FillAsync($"Screenshots {Unique.Id()}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = await page.GetByLabel("Token", new() { Exact = true }).InputValueAsync();

        using var http = new HttpClient { BaseAddress = new Uri(app.Server.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/generic")
        {
            Content = new StringContent(JsonSerializer.Serialize(new
            {
                title, fingerprint = $"e2e-{Guid.NewGuid():N}", status = "firing", severity, description,
            }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("alerts")[0].GetProperty("incident").GetString()!;
    }
}
