using System.Globalization;
using System.Text.RegularExpressions;
using IncidentCenter.E2E.Support;

namespace IncidentCenter.E2E.StatusPage;

/// <summary>
/// One incident's public side, driven the way people do it: an Admin makes the incident's service
/// a public component on the components page, and a signed-in Responder publishes every update
/// through the composer on the incident page.
/// </summary>
public sealed class PublicIncidentDriver : IAsyncDisposable
{
    private const string MessageBox = "Message (Markdown)";
    private readonly IBrowserContext _context;
    private readonly IPage _page;
    private readonly string _publicTitle;
    private readonly string _componentName;

    private PublicIncidentDriver(IBrowserContext context, IPage page, int incidentId, string publicTitle, string componentName)
    {
        _context = context;
        _page = page;
        IncidentId = incidentId;
        _publicTitle = publicTitle;
        _componentName = componentName;
    }

    public int IncidentId { get; }

    /// <summary>A Responder declares an incident on a new service, which an Admin then puts on the public page as <paramref name="componentName"/>.</summary>
    public static async Task<PublicIncidentDriver> StartAsync(SharedApp app, string componentName, string publicTitle)
    {
        var serviceName = $"{componentName.Replace(' ', '-')}-svc-{Unique.Id()}";
        var responder = await app.NewContextAsync(app.Responder);
        try
        {
            var page = await responder.NewPageAsync();
            var reference = await page.DeclareAsync($"Internal: {Unique.Id()}", "SEV2", services: serviceName);
            var incidentId = int.Parse(reference["INC-".Length..], CultureInfo.InvariantCulture);

            await using (var adminContext = await app.NewContextAsync(app.Admin))
            {
                var admin = await adminContext.NewPageAsync();
                await admin.GotoAsync("/status-page/components");
                await admin.GetByLabel($"Public name of {serviceName}").FillAsync(componentName);
                await admin.GetByLabel($"{serviceName} is public").CheckAsync();
                await admin.GetByRole(AriaRole.Button, new() { Name = $"Save {serviceName}" }).ClickAsync();
                await admin.ExpectSaidAsync($"Saved {componentName}.");
            }

            // The composer offers the component under its public name once the page is loaded again.
            await page.ReloadAsync();
            var driver = new PublicIncidentDriver(responder, page, incidentId, publicTitle, componentName);
            await Expect(driver.Composer.GetByLabel($"New status of {componentName}")).ToBeVisibleAsync();
            return driver;
        }
        catch
        {
            await responder.DisposeAsync();
            throw;
        }
    }

    private ILocator Composer => _page.GetByRole(AriaRole.Form, new() { Name = "Status update composer" });

    /// <summary>
    /// Publishes an update through the composer: stage, public title, message, the component's new
    /// status (the composer's suggestion unless given), then Publish — confirming the stage checks'
    /// warnings if the composer asks for it.
    /// </summary>
    public async Task PublishAsync(string stage, string body, string? componentStatus = null)
    {
        var composer = Composer;
        await _page.ChooseAsync("Stage", stage);
        await Expect(composer.GetByLabel("Stage", new() { Exact = true })).ToHaveTextAsync(stage);
        await composer.GetByLabel("Public title").FillAsync(_publicTitle);
        if (componentStatus is not null)
        {
            await _page.ChooseAsync($"New status of {_componentName}", componentStatus);
        }
        await composer.GetByLabel(MessageBox).FillAsync(body);
        // Confirms what the composer asks (the stage checks' warnings, resolving the incident too).
        await _page.PublishStatusAsync(stage);
        await Expect(_page.GetByTestId("public-stage")).ToContainTextAsync($"Public stage: {stage}");
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
