using IncidentCenter.Incidents;
using IncidentCenter.StatusPage;
using IncidentCenter.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The composer's first draft, as the server renders it before any interaction.</summary>
public sealed class StatusComposerRenderingTests
{
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

        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddSingleton<TimeProvider>(app.Clock);
        context.Services.AddSingleton(app.Services.GetRequiredService<StatusPageService>());
        var doc = context.Render<StatusComposer>(p => p.Add(c => c.View, view));

        Assert.Equal("Problem with Checkout.", doc.Find("#status-body").GetAttribute("value"));
        Assert.DoesNotContain("db-7-pool", doc.Find(".composer-preview").TextContent);
        // The preview lists the affected public component with its new status, as the public update will.
        Assert.Equal("Checkout: Partial outage", doc.Find(".composer-preview .affected-components").TextContent.Trim());
        // The internal-only service is still offered (its status can be recorded), marked as not public.
        Assert.Contains("(not on the public page)", doc.Find(".components-field").TextContent);
    }
}
