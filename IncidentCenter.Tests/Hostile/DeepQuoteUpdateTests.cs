using System.Net;
using AngleSharp.Dom;
using IncidentCenter.Catalog;
using IncidentCenter.Incidents;
using IncidentCenter.Incidents.Pages;
using IncidentCenter.Shared;
using IncidentCenter.StatusPage;
using IncidentCenter.Tests.StatusPage;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Hostile;

/// <summary>
/// A status update Markdig cannot render (quotes nested far past its limit) is shown on the public
/// status page, the incident permalink and both feeds as the plain text it is; the pages stay at
/// 200 and fresh, and the next publication replaces it as usual (the cache never keeps serving an
/// older page because one update failed to render).
/// </summary>
public sealed class DeepQuoteUpdateTests(HostileApp app) : IClassFixture<HostileApp>
{
    private StatusPageService StatusPage => app.Services.GetRequiredService<StatusPageService>();

    private async Task<(int Id, int ServiceId, string Marker)> PublicIncidentAsync()
    {
        var admin = await app.AdminAsync();
        var marker = "zq" + Guid.NewGuid().ToString("N")[..8] + "d";
        var incident = await app.Services.GetRequiredService<IncidentService>().DeclareAsync(admin,
            new DeclareIncident { Title = $"{marker} internal", Severity = Severity.Sev2, NewServiceNames = [$"{marker}-svc"] });
        var serviceId = (await app.Services.GetRequiredService<ServiceCatalog>().ListAsync(admin)).Single(s => s.Name == $"{marker}-svc").Id;
        await StatusPage.SaveComponentAsync(admin, serviceId, null, new ComponentSettings($"{marker} checkout", null, 0, true));
        return (incident.Id, serviceId, marker);
    }

    private async Task<int> PublishAsync(int id, int serviceId, StatusStage stage, string title, string body)
    {
        var admin = await app.AdminAsync();
        var version = (await StatusPage.GetIncidentAsync(admin, id)).Public?.Version;
        return await StatusPage.PublishAsync(admin, id, new PublishStatusUpdate
        {
            ExpectedVersion = version, Stage = stage, Title = title, Body = body, Impact = StatusImpact.Major,
            Components = [new ComponentChoice(serviceId, ComponentStatus.PartialOutage)], AcknowledgeWarnings = true,
        });
    }

    private async Task CorrectAsync(int id, int updateId, string body)
    {
        var admin = await app.AdminAsync();
        await StatusPage.CorrectAsync(admin, id, updateId, (await StatusPage.GetIncidentAsync(admin, id)).Public!.Version, body);
    }

    /// <summary>
    /// The page, the permalink and both feeds: 200, fresh, inert, and the incident's newest update
    /// showing <paramref name="expected"/> as its text; for the deep text, as the plain-text fallback.
    /// </summary>
    private async Task AssertPublicShowsAsync(int id, int serviceId, string expected, bool plain, string? alsoShown = null)
    {
        var browser = app.CreateBrowser();
        foreach (var path in new[] { "/status", $"/status/incidents/{id}" })
        {
            var (_, html) = await Rendered.GetOkAsync(browser, path);
            var document = Rendered.Parse(html);
            Rendered.AssertInert(document, "/js/status-live.js");
            var card = document.QuerySelector($"article[data-incident-id='{id}']")!;
            var newest = card.QuerySelector(".status-update .body")!;
            Assert.Equal(expected, newest.TextContent.Trim());
            Assert.Equal(plain, newest.QuerySelector(".markdown-plain") is not null);
            Assert.Empty(newest.QuerySelectorAll("blockquote"));
            if (alsoShown is not null)
            {
                Assert.Contains(alsoShown, card.TextContent);
            }
        }
        foreach (var path in new[] { "/status/feed.atom", $"/status/components/{serviceId}/feed.atom" })
        {
            var (_, xml) = await Rendered.GetOkAsync(browser, path);
            var entries = Rendered.FeedEntries(xml);
            Assert.All(entries, e => Rendered.AssertInert(e));
            Assert.Contains(entries, e => e.Body!.TextContent.Contains(expected, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(300)]
    [InlineData(4_980)] // about the deepest the composer takes (a message is at most 5,000 characters)
    public async Task An_update_and_a_correction_of_deep_quotes_show_as_text_and_a_newer_update_replaces_them(int depth)
    {
        var (id, serviceId, marker) = await PublicIncidentAsync();
        var deep = new string('>', depth) + " x";

        var first = await PublishAsync(id, serviceId, StatusStage.Investigating, $"{marker} checkout errors", deep);
        await AssertPublicShowsAsync(id, serviceId, deep, plain: true);

        var corrected = new string('>', depth) + " x corrected";
        await CorrectAsync(id, first, corrected);
        await AssertPublicShowsAsync(id, serviceId, corrected, plain: true, alsoShown: "corrected");

        await PublishAsync(id, serviceId, StatusStage.Identified, $"{marker} checkout errors", $"**{marker}** the pool is fixed.");
        await AssertPublicShowsAsync(id, serviceId, $"{marker} the pool is fixed.", plain: false, alsoShown: corrected);

        // Inside, the incident page shows the same updates without a failed panel.
        var page = await app.RenderAsync<IncidentPage>(await app.AdminAsync(), "/incidents/" + IncidentReference.Format(id),
            new Dictionary<string, object?> { [nameof(IncidentPage.Reference)] = IncidentReference.Format(id) });
        Rendered.AssertNoPanelFailed(page);
        var updates = page.QuerySelector("[aria-label='Published status updates']")!.TextContent;
        Assert.Contains(corrected, updates);
        Assert.Contains("the pool is fixed.", updates);
    }

    [Fact]
    public async Task Ten_thousand_deep_quotes_already_stored_still_render_and_the_next_publication_shows()
    {
        var (id, serviceId, marker) = await PublicIncidentAsync();
        var deep = new string('>', 10_000) + " x";
        // The service refuses text this long today, with a message...
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => PublishAsync(id, serviceId, StatusStage.Investigating, marker, deep));
        Assert.Contains("at most 5,000 characters", refused.Message);

        // ...but rows written before the limit (or by an import) must not take the pages down: written as a publish writes them.
        var seed = new StatusSeed(app.Services);
        var original = await seed.PublishAsync(id, $"{marker} checkout errors", StatusStage.Investigating, StatusImpact.Major, deep, DateTime.UtcNow.AddMinutes(-2),
            components: [(serviceId, ComponentStatus.PartialOutage)]);
        var corrected = new string('>', 10_000) + " x corrected";
        await seed.PublishAsync(id, $"{marker} checkout errors", StatusStage.Investigating, StatusImpact.Major, corrected, DateTime.UtcNow.AddMinutes(-1), correctionOf: original);
        await app.Services.GetRequiredService<StatusPageNotifier>().PublishAsync(new StatusPageChange(StatusPageChangeKind.UpdatePublished, id));
        await AssertPublicShowsAsync(id, serviceId, corrected, plain: true, alsoShown: "corrected");

        await PublishAsync(id, serviceId, StatusStage.Monitoring, $"{marker} checkout errors", $"{marker} watching the fix.");
        await AssertPublicShowsAsync(id, serviceId, $"{marker} watching the fix.", plain: false, alsoShown: corrected);
    }
}
