using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.StatusPage;
using IncidentCenter.StatusPage.Public;
using IncidentCenter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

public class PublicStatusQueriesTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestUser _rita = null!;
    private StatusSeed _seed = null!;

    private IPublicStatusSource Queries => _app.Services.GetRequiredService<IPublicStatusSource>();
    private DateTime Now => _app.Clock.UtcNow;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _rita = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        _seed = new StatusSeed(_app.Services);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> DeclareAsync(string internalTitle = "Internal title") =>
        (await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = internalTitle, Severity = Severity.Sev2 })).Id;

    [Fact]
    public async Task Only_public_components_are_read_in_order_with_their_groups()
    {
        await _seed.AddComponentAsync("Website", sortOrder: 2);
        await _seed.AddComponentAsync("API", group: "Platform", sortOrder: 1, status: ComponentStatus.DegradedPerformance);
        await _seed.AddComponentAsync("Billing batch", isPublic: false, status: ComponentStatus.MajorOutage);

        var snapshot = await Queries.LoadSnapshotAsync();

        Assert.Equal(["API", "Website"], snapshot.Components.Select(c => c.Name));
        Assert.Equal("Platform", snapshot.Components[0].Group);
        // The hidden component's major outage does not reach the banner.
        Assert.Equal(BannerLevel.Degraded, snapshot.Banner.Level);
        Assert.Equal(Now, snapshot.AsOf);
    }

    [Fact]
    public async Task An_active_incident_lists_its_updates_newest_first_with_the_correction_in_place_of_the_original()
    {
        var api = await _seed.AddComponentAsync("API");
        var hidden = await _seed.AddComponentAsync("Hidden", isPublic: false);
        var id = await DeclareAsync();
        await _seed.PublishAsync(id, "Slow API", StatusStage.Investigating, StatusImpact.Minor, "We are looking.", Now.AddMinutes(-30),
            components: [(api, ComponentStatus.DegradedPerformance), (hidden, ComponentStatus.MajorOutage)]);
        var wrong = await _seed.PublishAsync(id, "Slow API", StatusStage.Identified, StatusImpact.Minor, "Cause: the databse.", Now.AddMinutes(-20));
        var fixedUpdate = await _seed.PublishAsync(id, "Slow API", StatusStage.Identified, StatusImpact.Minor, "Cause: the database.", Now.AddMinutes(-10),
            effectiveAt: Now.AddMinutes(-20), correctionOf: wrong, nextUpdateBy: Now.AddMinutes(20));
        var backdated = await _seed.PublishAsync(id, "Slow API", StatusStage.Monitoring, StatusImpact.Minor, "Fix deployed.", Now,
            effectiveAt: Now.AddMinutes(-5), nextUpdateBy: Now.AddMinutes(30), components: [(api, ComponentStatus.Operational)]);

        var snapshot = await Queries.LoadSnapshotAsync();

        var incident = Assert.Single(snapshot.ActiveIncidents);
        Assert.Equal("Slow API", incident.Title);
        Assert.Equal(StatusStage.Monitoring, incident.Stage);
        Assert.Equal(Now.AddMinutes(30), incident.NextUpdateBy);
        Assert.Equal(["Fix deployed.", "Cause: the database.", "We are looking."], incident.Updates.Select(u => u.Body));
        var correction = incident.Updates.Single(u => u.Id == fixedUpdate);
        Assert.True(correction.IsCorrection);
        Assert.Equal("Cause: the databse.", correction.OriginalBody);
        Assert.True(incident.Updates.Single(u => u.Id == backdated).IsBackdated);
        Assert.Equal(Now.AddMinutes(-5), incident.MonitoringAt);
        // Only the public component is named, with its status before and after.
        var first = incident.Updates[^1];
        var affected = Assert.Single(first.Components);
        Assert.Equal(("API", ComponentStatus.Operational, ComponentStatus.DegradedPerformance), (affected.Name, affected.OldStatus, affected.NewStatus));
        Assert.Equal(["API"], incident.Components.Select(c => c.Name));
        Assert.Equal(BannerLevel.Degraded, snapshot.Banner.Level);
        Assert.Empty(snapshot.RecentlyResolved);
    }

    [Fact]
    public async Task Resolved_incidents_show_for_seven_days()
    {
        var recent = await DeclareAsync();
        var old = await DeclareAsync();
        await _seed.PublishAsync(old, "Old outage", StatusStage.Resolved, StatusImpact.Major, "Fixed long ago.", Now.AddDays(-8));
        await _seed.PublishAsync(recent, "Recent outage", StatusStage.Resolved, StatusImpact.Major, "Fixed.", Now.AddDays(-6));

        var snapshot = await Queries.LoadSnapshotAsync();

        Assert.Empty(snapshot.ActiveIncidents);
        Assert.Equal(["Recent outage"], snapshot.RecentlyResolved.Select(i => i.Title));
        Assert.Equal(2, snapshot.RecentIncidents.Count);
        Assert.Null(snapshot.RecentlyResolved[0].NextUpdateBy);
        Assert.Equal(BannerLevel.Operational, snapshot.Banner.Level);
    }

    [Fact]
    public async Task History_replays_component_changes_into_daily_bars()
    {
        var api = await _seed.AddComponentAsync("API", createdAt: Now.AddDays(-200));
        await _seed.AddComponentAsync("Hidden", isPublic: false);
        var yesterday = Now.Date.AddDays(-1);
        await _seed.SetComponentStatusAsync(api, ComponentStatus.MajorOutage, yesterday.AddHours(10));
        await _seed.SetComponentStatusAsync(api, ComponentStatus.Operational, yesterday.AddHours(12));

        var history = await Queries.LoadHistoryAsync();

        var component = Assert.Single(history.Components);
        Assert.Equal(PublicHistory.DayCount, component.Days.Count);
        Assert.Equal(DateOnly.FromDateTime(Now), history.Days[^1]);
        var day = component.Days.Single(d => d.Day == DateOnly.FromDateTime(yesterday));
        Assert.Equal(22.0 / 24, day.Uptime!.Value, 9);
        Assert.All(component.Days.Where(d => d.Day != day.Day), d => Assert.Equal(1.0, d.Uptime));
        Assert.Empty(history.Incidents);
    }

    [Fact]
    public async Task History_lists_public_incidents_of_the_last_90_days_and_open_ones()
    {
        var recent = await DeclareAsync();
        var old = await DeclareAsync();
        var open = await DeclareAsync();
        var internalOnly = await DeclareAsync("Never published");
        await _seed.PublishAsync(recent, "Recent", StatusStage.Resolved, StatusImpact.Minor, "Fixed.", Now.AddDays(-10));
        await _seed.PublishAsync(old, "Too old", StatusStage.Resolved, StatusImpact.Minor, "Fixed.", Now.AddDays(-120));
        await _seed.PublishAsync(open, "Still open", StatusStage.Monitoring, StatusImpact.Minor, "Watching.", Now.AddDays(-1));

        var history = await Queries.LoadHistoryAsync();

        Assert.Equal(["Still open", "Recent"], history.Incidents.Select(i => i.Title));
        Assert.DoesNotContain(history.Incidents, i => i.Id == internalOnly);
    }

    [Fact]
    public async Task A_single_incident_loads_by_id_and_an_internal_only_incident_does_not()
    {
        var published = await DeclareAsync();
        var internalOnly = await DeclareAsync();
        await _seed.PublishAsync(published, "Public title", StatusStage.Investigating, StatusImpact.None, "Looking.", Now);

        Assert.Equal("Public title", (await Queries.LoadIncidentAsync(published))!.Title);
        Assert.Null(await Queries.LoadIncidentAsync(internalOnly));
    }
}
