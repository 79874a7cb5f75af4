using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.StatusPage;
using IncidentCenter.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The incident page reuses its components when it moves to another incident (same route).</summary>
public sealed class IncidentStatusPanelRenderingTests
{
    private sealed class NoJs : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
    }

    /// <summary>Stands in for IncidentPage: the panel under an auth state, for an incident id that can change.</summary>
    public sealed class Host : ComponentBase
    {
        [Parameter] public int IncidentId { get; set; }
        [Parameter] public ClaimsPrincipal User { get; set; } = new();
        [Parameter] public Action<Host>? Created { get; set; }

        protected override void OnInitialized() => Created?.Invoke(this);

        public void Show(int incidentId)
        {
            IncidentId = incidentId;
            StateHasChanged();
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<CascadingValue<Task<AuthenticationState>>>(0);
            builder.AddComponentParameter(1, "Value", Task.FromResult(new AuthenticationState(User)));
            builder.AddComponentParameter(2, "ChildContent", (RenderFragment)(b =>
            {
                b.OpenComponent<IncidentStatusPanel>(3);
                b.AddComponentParameter(4, nameof(IncidentStatusPanel.IncidentId), IncidentId);
                b.AddComponentParameter(5, nameof(IncidentStatusPanel.CanRespond), true);
                b.CloseComponent();
            }));
            builder.CloseComponent();
        }
    }

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

        await using var services = new ServiceCollection().AddLogging()
            .AddSingleton<TimeProvider>(app.Clock)
            .AddSingleton(app.Services.GetRequiredService<StatusPageService>())
            .AddSingleton(app.Services.GetRequiredService<IncidentNotifier>())
            .AddSingleton<IJSRuntime, NoJs>()
            .BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        Host? host = null;
        var root = await renderer.Dispatcher.InvokeAsync(() => renderer.RenderComponentAsync<Host>(ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(Host.IncidentId)] = first,
            [nameof(Host.User)] = rita.Principal,
            [nameof(Host.Created)] = (Action<Host>)(h => host = h),
        })));
        await root.QuiescenceTask;
        Assert.Contains("First public title", await renderer.Dispatcher.InvokeAsync(root.ToHtmlString));

        await renderer.Dispatcher.InvokeAsync(() => host!.Show(second));
        string html = "";
        for (var i = 0; i < 100 && !html.Contains("Not on the public status page yet.", StringComparison.Ordinal); i++)
        {
            await Task.Delay(20);
            html = await renderer.Dispatcher.InvokeAsync(root.ToHtmlString);
        }

        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.Equal("Not on the public status page yet.", doc.QuerySelector("[data-testid=public-stage]")!.TextContent.Trim());
        // The composer starts over for this incident: its title, not the other incident's draft.
        Assert.Equal("Second incident", doc.QuerySelector("#status-title")!.GetAttribute("value"));
        Assert.DoesNotContain("First public title", html);
    }
}
