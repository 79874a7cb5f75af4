using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.StatusPage;
using IncidentCenter.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The status composer as a responder uses it: typing, choosing, publishing and confirming, on real SQLite.</summary>
public sealed class StatusComposerRenderingTests
{
    private static string Body(IRenderedComponent<IncidentStatusPanel> panel) => panel.TextOf("status-body");

    private static void Publish(IRenderedComponent<IncidentStatusPanel> panel, string stage) =>
        panel.FindAll("button").Single(b => b.TextContent.Trim() == $"Publish {stage} update").Click();

    [Fact]
    public async Task The_first_draft_names_only_public_components_never_an_internal_only_service()
    {
        await using var app = await TestApp.CreateAsync();
        var now = app.Clock.UtcNow;
        // The incident affects a public component and an internal-only service; both are pre-selected.
        var view = new IncidentStatusView(1, "INC-1", "db-7 pool exhausted", Severity.Sev2, IncidentState.Investigating, now, null, [], [1, 2],
            [
                new StatusComponentRow(1, "checkout-svc", "Checkout", null, 0, true, ComponentStatus.Operational, null, 0),
                new StatusComponentRow(2, "db-7-pool", "db-7-pool", null, 0, false, ComponentStatus.Operational, null, null),
            ],
            StatusStages.All.ToDictionary(s => s, s => "Problem with {{Services}}."),
            new StatusCadence(now.AddMinutes(30), false, false, TimeSpan.FromMinutes(30)));

        var rita = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        await using var page = new MudPage(app, rita.Principal);
        var doc = page.Render<StatusComposer>(p => p.Add(c => c.View, view));

        Assert.Equal("Problem with Checkout.", doc.Find("#status-body").GetAttribute("value") ?? doc.Find("#status-body").TextContent);
        Assert.DoesNotContain("db-7-pool", doc.Find(".composer-preview").TextContent);
        // The preview lists the affected public component with its new status, as the public update will.
        Assert.Equal("Checkout: Partial outage", doc.Find(".composer-preview .affected-components").TextContent.Trim());
        // The internal-only service is still offered (its status can be recorded), marked as not public.
        Assert.Contains("(not on the public page)", doc.Find(".components-field").TextContent);
        // Every input is labelled.
        Assert.Equal("Message (Markdown)", doc.Find("label[for=status-body]").TextContent.Trim());
        Assert.Equal("Public title", doc.Find("label[for=status-title]").TextContent.Trim());
    }

    [Fact]
    public async Task Ticking_a_component_or_changing_its_status_shows_in_the_preview_at_once()
    {
        await using var app = await TestApp.CreateAsync();
        var now = app.Clock.UtcNow;
        var view = new IncidentStatusView(1, "INC-1", "Checkout fails", Severity.Sev2, IncidentState.Investigating, now, null, [], [1],
            [
                new StatusComponentRow(1, "checkout-svc", "Checkout", null, 0, true, ComponentStatus.Operational, null, 0),
                new StatusComponentRow(2, "search-svc", "Search", null, 1, true, ComponentStatus.Operational, null, null),
            ],
            StatusStages.All.ToDictionary(s => s, s => "Problem with {{Services}}."),
            new StatusCadence(now.AddMinutes(30), false, false, TimeSpan.FromMinutes(30)));
        var rita = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        await using var page = new MudPage(app, rita.Principal);
        var doc = page.Render<StatusComposer>(p => p.Add(c => c.View, view));
        string Affected() => doc.Find(".composer-preview .affected-components").TextContent;

        page.Choose(doc, "New status of Checkout", "Major outage");
        doc.WaitForAssertion(() => Assert.Contains("Checkout: Major outage", Affected()));

        doc.FindAll(".component-choice input[type=checkbox]")[1].Change(true);
        doc.WaitForAssertion(() => Assert.Contains("Search: Partial outage", Affected()));
    }

    [Fact]
    public async Task Typed_text_is_previewed_published_and_a_warning_is_published_only_after_Publish_anyway()
    {
        await using var app = await TestApp.CreateAsync();
        var rita = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        var id = (await app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "Checkout fails", Severity = Severity.Sev2 })).Id;
        await using var page = new MudPage(app, rita.Principal);
        var panel = page.Render<IncidentStatusPanel>(p => p.Add(c => c.IncidentId, id).Add(c => c.CanRespond, true));
        panel.WaitForElement("#status-body");

        panel.Find("#status-title").Input("Checkout errors");
        panel.Find("#status-body").Input("Payments **fail** for some customers.");
        Assert.Equal("fail", panel.Find(".composer-preview strong:not(.stage)").TextContent);
        Assert.Equal("Checkout errors", panel.Find(".composer-preview .preview-title").TextContent);

        Publish(panel, "Investigating");
        panel.WaitForAssertion(() => Assert.Contains("Published the Investigating update.", page.Said()));
        var status = app.Services.GetRequiredService<StatusPageService>();
        var published = await status.GetIncidentAsync(rita.Principal, id);
        Assert.Equal("Payments **fail** for some customers.", published.Updates.Single().Body);
        Assert.Equal("Checkout errors", published.Public!.Title);
        // The composer starts over at the next stage with that stage's draft.
        panel.WaitForAssertion(() => Assert.Equal("Identified", panel.Find("#status-stage").GetAttribute("value")));
        Assert.DoesNotContain("Payments", Body(panel));

        // An Identified update that names nothing: the checks show, and publishing asks first.
        Assert.Contains("does not say what is affected", panel.Find("[aria-label='Stage checks']").TextContent);
        Publish(panel, "Identified");
        panel.WaitForAssertion(() => Assert.Contains("does not say what is affected", page.DialogText()));
        page.AnswerDialog("Cancel");
        panel.WaitForAssertion(() => Assert.Empty(page.Dialogs.FindAll(".mud-dialog")));
        Assert.Single((await status.GetIncidentAsync(rita.Principal, id)).Updates);

        Publish(panel, "Identified");
        panel.WaitForAssertion(() => page.AnswerDialog("Publish anyway"));
        panel.WaitForAssertion(() => Assert.Contains("Published the Identified update.", page.Said()));
        Assert.Equal(StatusStage.Identified, (await status.GetIncidentAsync(rita.Principal, id)).Public!.Stage);
    }

    [Fact]
    public async Task Moving_the_stage_back_and_resolving_are_confirmed_in_a_dialog_that_says_so()
    {
        await using var app = await TestApp.CreateAsync();
        var rita = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        var incident = await app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "Search slow", Severity = Severity.Sev3 });
        var status = app.Services.GetRequiredService<StatusPageService>();
        await status.PublishAsync(rita.Principal, incident.Id, new PublishStatusUpdate
        {
            Stage = StatusStage.Monitoring, Title = "Search slow", Body = "Watching.", Impact = StatusImpact.Minor, AcknowledgeWarnings = true,
        });
        await using var page = new MudPage(app, rita.Principal);
        var panel = page.Render<IncidentStatusPanel>(p => p.Add(c => c.IncidentId, incident.Id).Add(c => c.CanRespond, true));
        panel.WaitForElement("#status-body");

        page.Choose(panel, "Stage", "Identified");
        panel.WaitForAssertion(() => Assert.Contains("moves the public stage back from Monitoring to Identified", panel.Find(".move-back").TextContent));
        panel.Find("#move-back-reason").Input("The fix did not hold");
        Publish(panel, "Identified");
        panel.WaitForAssertion(() => Assert.Contains("This moves the public stage back from Monitoring to Identified.", page.DialogText()));
        // The same question carries the stage checks (nothing is named as affected), so its yes is "Publish anyway".
        page.AnswerDialog("Publish anyway");
        panel.WaitForAssertion(() => Assert.Contains("Published the Identified update.", page.Said()));
        var view = await status.GetIncidentAsync(rita.Principal, incident.Id);
        Assert.True(view.Updates.First().MovedBack);

        // Resolved also resolves the open incident: the button's note and the dialog say so.
        page.Choose(panel, "Stage", "Resolved");
        panel.WaitForAssertion(() => Assert.Equal("This also resolves the incident.", panel.Find("[data-testid=publish-confirmation]").TextContent.Trim()));
        Publish(panel, "Resolved");
        panel.WaitForAssertion(() => Assert.Contains($"This also resolves {incident.Reference}", page.DialogText()));
        page.AnswerDialog("Publish and resolve");
        panel.WaitForAssertion(() => Assert.Contains($"Published the Resolved update; {incident.Reference} is resolved too.", page.Said()));
        Assert.Equal(IncidentState.Resolved, (await status.GetIncidentAsync(rita.Principal, incident.Id)).State);
    }

    [Fact]
    public async Task Someone_elses_publish_is_refused_and_the_typed_text_stays()
    {
        await using var app = await TestApp.CreateAsync();
        var rita = await app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        var id = (await app.Incidents.DeclareAsync(rita.Principal, new DeclareIncident { Title = "Mail delayed", Severity = Severity.Sev3 })).Id;
        await using var page = new MudPage(app, rita.Principal);
        var panel = page.Render<IncidentStatusPanel>(p => p.Add(c => c.IncidentId, id).Add(c => c.CanRespond, true));
        panel.WaitForElement("#status-body");
        panel.Find("#status-body").Input("My own words.");

        // Someone else publishes first; this page follows without losing the text.
        var sam = await app.CreateUserAsync("Sam Responder", AppRoles.Responder);
        await app.Services.GetRequiredService<StatusPageService>().PublishAsync(sam.Principal, id, new PublishStatusUpdate
        {
            Stage = StatusStage.Investigating, Title = "Mail delayed", Body = "Sam's words.", Impact = StatusImpact.Minor, AcknowledgeWarnings = true,
        });
        panel.WaitForAssertion(() => Assert.Contains("Sam's words.", panel.Find("[aria-label='Published status updates']").TextContent));
        Assert.Equal("My own words.", Body(panel));

        Publish(panel, "Investigating");
        panel.WaitForAssertion(() => Assert.Contains("Someone published while you were writing", panel.Find("[data-testid=composer-error]").TextContent));
        Assert.Equal("My own words.", Body(panel));

        // Knowingly over the latest: published, and the text was the person's.
        panel.FindAll("button").Single(b => b.TextContent.Trim() == "Keep my text and publish over the latest").Click();
        Publish(panel, "Investigating");
        panel.WaitForAssertion(() => Assert.Contains("Published the Investigating update.", page.Said()));
        Assert.Equal("My own words.", (await app.Services.GetRequiredService<StatusPageService>().GetIncidentAsync(rita.Principal, id)).Updates.First().Body);
    }
}
