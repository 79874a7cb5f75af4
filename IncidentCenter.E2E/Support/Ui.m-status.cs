using System.Text.RegularExpressions;

namespace IncidentCenter.E2E.Support;

/// <summary>The status composer, driven as a person does.</summary>
public static partial class Ui
{

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
}
