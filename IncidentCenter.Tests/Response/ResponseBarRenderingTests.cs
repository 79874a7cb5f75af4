using Bunit;
using System.Security.Claims;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Response;
using IncidentCenter.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IncidentCenter.Tests.Response;

/// <summary>The incident page's response bar (bUnit, real SQLite): what a Responder and a Viewer get.</summary>
public sealed class ResponseBarRenderingTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _rita = null!;
    private TestUser _vera = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _rita = await _app.ResponderAsync();
        _vera = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<IHtmlDocument> RenderAsync(int incidentId, ClaimsPrincipal user, bool canRespond)
    {
        // bUnit on the app's services (real SQLite, fake clock); the bar loads its status asynchronously.
        await using var ui = IncidentBunit.Create(_app.Services);
        var bar = ui.RenderAs<ResponseBar>(user, (nameof(ResponseBar.IncidentId), incidentId), (nameof(ResponseBar.CanRespond), canRespond));
        bar.WaitForAssertion(() => bar.Find(".response-bar"), TimeSpan.FromSeconds(10));
        return new HtmlParser().ParseDocument(bar.Markup);
    }

    private static string[] Buttons(IHtmlDocument doc) => doc.QuerySelectorAll("button").Where(b => b.GetAttribute("aria-hidden") != "true").Select(b => b.TextContent.Trim()).ToArray();

    [Fact]
    public async Task A_Responder_gets_Acknowledge_and_Escalate_on_an_unacknowledged_incident()
    {
        var incident = await _app.DeclareAwaitingAckAsync(_rita, Severity.Sev1);

        var doc = await RenderAsync(incident.Id, _rita.Principal, canRespond: true);

        Assert.Equal(["Acknowledge", "Escalate"], Buttons(doc));
        Assert.Equal("Ack due in 5:00", doc.QuerySelector("[role=timer]")!.TextContent);
        Assert.Contains("Escalation level 1: On-call engineer", doc.QuerySelector("[data-testid=escalation-level]")!.TextContent.Replace("\n", " "));
    }

    [Fact]
    public async Task A_Viewer_sees_the_state_without_controls()
    {
        var incident = await _app.DeclareAwaitingAckAsync(_rita, Severity.Sev1);

        var doc = await RenderAsync(incident.Id, _vera.Principal, canRespond: false);

        Assert.Empty(Buttons(doc));
        Assert.Contains("Not acknowledged yet", doc.Body!.TextContent);
        Assert.NotNull(doc.QuerySelector("[role=timer]"));
    }

    [Fact]
    public async Task After_acknowledgement_the_bar_names_who_and_counts_down_to_triage()
    {
        var incident = await _app.DeclareAwaitingAckAsync(_rita, Severity.Sev2);
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        await _app.Response().AcknowledgeAsync(_rita.Principal, incident.Id);

        var doc = await RenderAsync(incident.Id, _vera.Principal, canRespond: false);

        Assert.Contains("Acknowledged by Rita Responder at 2026-11-23 10:02 UTC", doc.Body!.TextContent);
        Assert.Equal("Triage due in 28:00", doc.QuerySelector("[role=timer]")!.TextContent);
    }

    [Fact]
    public async Task A_resolved_incident_offers_nothing_to_do()
    {
        var incident = await _app.DeclareAwaitingAckAsync(_rita, Severity.Sev3);
        await _app.Incidents.ChangeStateAsync(_rita.Principal, incident.Id, 0, IncidentState.Resolved);

        var doc = await RenderAsync(incident.Id, _rita.Principal, canRespond: true);

        Assert.Empty(Buttons(doc));
        Assert.Null(doc.QuerySelector("[role=timer]"));
        Assert.Null(doc.QuerySelector("[data-testid=escalation-level]"));
    }
}
