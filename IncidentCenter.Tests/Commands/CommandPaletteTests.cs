using IncidentCenter.Accounts;
using IncidentCenter.Commands;
using IncidentCenter.Incidents;
using IncidentCenter.Response;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Commands;

public sealed class CommandPaletteTests
{
    [Theory]
    [InlineData("/incidents/INC-12", 12)]
    [InlineData("/incidents/inc-7?tab=status", 7)]
    [InlineData("/incidents/INC-3/postmortem", 3)]
    [InlineData("/incidents/declare", null)]
    [InlineData("/", null)]
    [InlineData("/incidents/INC-0", null)]
    [InlineData("/status/incidents/INC-4", null)]
    public void The_open_incident_is_read_from_the_page_path(string path, int? id) =>
        Assert.Equal(id, CommandPalette.IncidentIdFromPath(path));

    [Fact]
    public void Open_incident_offers_resolve_and_with_text_escalate_and_key_event()
    {
        var open = new PaletteIncident(5, "INC-5", "Checkout errors", IncidentState.Identified, CanRespond: true);

        Assert.Equal([PaletteCommand.Resolve], CommandPalette.Actions("", open).Select(a => a.Command));
        Assert.Equal([PaletteCommand.Resolve], CommandPalette.Actions("res", open).Select(a => a.Command).Take(1));
        var typed = CommandPalette.Actions("Rollback started", open).ToList();
        Assert.Equal([PaletteCommand.Escalate, PaletteCommand.AddKeyEvent], typed.Select(a => a.Command));
        Assert.All(typed, a => Assert.Equal("Rollback started", a.Argument));
    }

    [Fact]
    public void A_resolved_incident_offers_only_a_key_event_and_a_viewer_no_action()
    {
        var resolved = new PaletteIncident(5, "INC-5", "Checkout errors", IncidentState.Resolved, CanRespond: true);
        Assert.Equal([PaletteCommand.AddKeyEvent], CommandPalette.Actions("Customer confirmed", resolved).Select(a => a.Command));
        Assert.Empty(CommandPalette.Actions("", resolved));

        var viewersView = resolved with { State = IncidentState.Investigating, CanRespond = false };
        Assert.Empty(CommandPalette.Actions("anything", viewersView));
        Assert.Empty(CommandPalette.Actions("anything", null));
    }

    [Fact]
    public async Task Finds_incidents_by_reference_and_title_and_runs_actions_through_the_services()
    {
        await using var app = await TestApp.CreateAsync();
        var rita = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        var palette = app.Services.GetRequiredService<CommandPalette>();
        var checkout = await app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "Checkout errors", Severity = Severity.Sev2 });
        var dns = await app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "DNS failing", Severity = Severity.Sev3 });

        var byTitle = await palette.FindAsync(rita.Principal, "Checkout", null);
        Assert.Equal([$"/incidents/{checkout.Reference}"], byTitle.Select(e => e.Href));
        var byReference = await palette.FindAsync(rita.Principal, dns.Reference, null);
        Assert.Contains($"/incidents/{dns.Reference}", byReference.Select(e => e.Href));

        var open = await palette.LoadIncidentAsync(rita.Principal, checkout.Id);
        Assert.NotNull(open);
        var entries = await palette.FindAsync(rita.Principal, "Rollback of v2.31 started", open);

        var keyEvent = entries.Single(e => e.Command == PaletteCommand.AddKeyEvent);
        Assert.Equal($"Key event added to {checkout.Reference}.", await palette.RunAsync(rita.Principal, keyEvent, open));
        var timeline = await app.Services.GetRequiredService<TimelineService>().ListAsync(rita.Principal, checkout.Id);
        Assert.Contains(timeline, e => e.Text == "Rollback of v2.31 started" && e.IsKeyEvent);

        var escalate = entries.Single(e => e.Command == PaletteCommand.Escalate);
        Assert.Equal($"{checkout.Reference} escalated to level 2.", await palette.RunAsync(rita.Principal, escalate, open));
        var status = await app.Services.GetRequiredService<ResponseService>().GetStatusAsync(rita.Principal, checkout.Id);
        Assert.Equal(2, status.Level.Level);

        var resolve = (await palette.FindAsync(rita.Principal, "", open)).Single();
        Assert.True(resolve.NeedsConfirmation);
        await palette.RunAsync(rita.Principal, resolve, open);
        Assert.Equal(IncidentState.Resolved, (await app.Services.GetRequiredService<IncidentQueries>().GetAsync(rita.Principal, checkout.Id)).Incident.State);
    }

    [Fact]
    public async Task A_viewer_is_offered_no_action_and_the_services_refuse_one_anyway()
    {
        await using var app = await TestApp.CreateAsync();
        var rita = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        var vic = await app.CreateUserAsync("Vic Viewer", AppRoles.Viewer);
        var palette = app.Services.GetRequiredService<CommandPalette>();
        var incident = await app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "Checkout errors", Severity = Severity.Sev2 });
        var open = await palette.LoadIncidentAsync(vic.Principal, incident.Id);

        var entries = await palette.FindAsync(vic.Principal, "Checkout", open);
        Assert.All(entries, e => Assert.Equal(PaletteCommand.OpenIncident, e.Command));

        // A forged request (the entry built by hand) is refused by the service, not by the palette.
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            palette.RunAsync(vic.Principal, new PaletteEntry(PaletteCommand.AddKeyEvent, "x", Argument: "forged"), open!));
    }
}
