using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IncidentCenter.E2E.Support;

/// <summary>The incident page, driven as a person does: its state buttons, the status composer, and incidents declared by an alert.</summary>
public static partial class Ui
{
    /// <summary>Changes the incident's state with its button, confirming in the dialog when one asks.</summary>
    public static async Task MoveIncidentAsync(this IPage page, string action)
    {
        await page.GetByRole(AriaRole.Region, new() { Name = "Actions", Exact = true }).GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
        if (action is "Resolve")
        {
            await page.ConfirmAsync("Resolve");
        }
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

    /// <summary>
    /// Presses "Publish {stage} update"; when the composer asks (moving back, stage checks, resolving),
    /// answers with <paramref name="confirm"/> (the dialog's own yes when null). Waits for the result.
    /// </summary>
    public static async Task PublishStatusAsync(this IPage page, string stage, string? confirm = null, string? said = null)
    {
        var composer = page.GetByRole(AriaRole.Form, new() { Name = "Status update composer" });
        await composer.GetByRole(AriaRole.Button, new() { Name = $"Publish {stage} update" }).ClickAsync();
        var done = page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex($"Published the {stage} update[.;]") }).First;
        await Expect(done.Or(page.OpenDialog())).ToBeVisibleAsync();
        if (await page.OpenDialog().IsVisibleAsync())
        {
            var buttons = page.OpenDialog().GetByRole(AriaRole.Button);
            await (confirm is null ? buttons.Last : page.OpenDialog().GetByRole(AriaRole.Button, new() { Name = confirm })).ClickAsync();
        }
        if (said is not null)
        {
            await page.ExpectSaidAsync(said);
        }
        else
        {
            await Expect(done).ToBeVisibleAsync();
        }
    }

    /// <summary>As an Admin on Status page → Components, makes <paramref name="service"/> a public component.</summary>
    public static async Task MakeServicePublicAsync(this IPage admin, string service, string publicName, string group)
    {
        await admin.GotoAsync("/status-page/components");
        await admin.GetByLabel($"Public name of {service}").FillAsync(publicName);
        await admin.GetByLabel($"Group of {service}").FillAsync(group);
        await admin.GetByLabel($"{service} is public").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Save {service}" }).ClickAsync();
        await admin.ExpectSaidAsync($"Saved {publicName}.");
    }
}
