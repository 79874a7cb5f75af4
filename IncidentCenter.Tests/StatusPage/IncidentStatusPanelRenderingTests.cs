using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.StatusPage;
using IncidentCenter.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The incident page reuses its components when it moves to another incident (same route).</summary>
public sealed class IncidentStatusPanelRenderingTests
{
    [Fact]
    public async Task Moving_to_another_incident_shows_and_composes_for_that_incident()
    {
        await using var app = await TestApp.CreateAsync();
        var rita = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        var first = (await app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "First incident", Severity = Severity.Sev2 })).Id;
        var second = (await app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "Second incident", Severity = Severity.Sev3 })).Id;
        await app.Services.GetRequiredService<StatusPageService>().PublishAsync(rita.Principal, first, new PublishStatusUpdate
        {
            Stage = StatusStage.Investigating, Title = "First public title", Body = "Looking.", Impact = StatusImpact.Minor, AcknowledgeWarnings = true,
        });

        await using var page = new MudPage(app, rita.Principal);
        var panel = page.Render<IncidentStatusPanel>(p => p.Add(c => c.IncidentId, first).Add(c => c.CanRespond, true));
        panel.WaitForAssertion(() => Assert.Contains("First public title", panel.Markup));
        panel.Find("#status-body").Input("Typed for the first incident.");

        panel.Render(p => p.Add(c => c.IncidentId, second).Add(c => c.CanRespond, true));
        panel.WaitForAssertion(() => Assert.Equal("Not on the public status page yet.", panel.Find("[data-testid=public-stage]").TextContent.Trim()));
        // The composer starts over for this incident: its title, not the other incident's draft.
        Assert.Equal("Second incident", panel.Find("#status-title").GetAttribute("value"));
        Assert.DoesNotContain("First public title", panel.Markup);
        Assert.DoesNotContain("Typed for the first incident.", panel.Markup);
    }
}
