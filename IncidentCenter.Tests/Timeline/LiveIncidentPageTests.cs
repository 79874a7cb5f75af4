using Bunit;
using System.Data.Common;
using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Incidents.Pages;
using IncidentCenter.Tests.Support;
using IncidentCenter.Timeline;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging.Abstractions;

namespace IncidentCenter.Tests.Timeline;

/// <summary>
/// The whole incident page (shell and every live panel) open on the server, as one circuit holds it,
/// while changes arrive through the notifier: what reloads, and what a timeline note costs it in queries.
/// </summary>
public sealed class LiveIncidentPageTests : IAsyncLifetime
{
    private readonly CommandCounter _commands = new();
    private TestApp _app = null!;
    private TestUser _rita = null!;
    private int _incidentId;

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync(services: s =>
        {
            s.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(_commands));
            // The Razor components' options read it; the test host is not a web host.
            s.AddSingleton<IWebHostEnvironment, TestWebHostEnvironment>();
        });
        _rita = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);
        _incidentId = (await _app.Incidents.DeclareAsync(_rita.Principal, new DeclareIncident { Title = "Checkout is failing", Severity = Severity.Sev2 })).Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Stands in for the router: the page under an auth state.</summary>
    public sealed class Host : ComponentBase
    {
        [Parameter] public string Reference { get; set; } = "";
        [Parameter] public ClaimsPrincipal User { get; set; } = new();

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<CascadingValue<Task<AuthenticationState>>>(0);
            builder.AddComponentParameter(1, "Value", Task.FromResult(new AuthenticationState(User)));
            builder.AddComponentParameter(2, "ChildContent", (RenderFragment)(b =>
            {
                b.OpenComponent<IncidentPage>(3);
                b.AddComponentParameter(4, nameof(IncidentPage.Reference), Reference);
                b.CloseComponent();
            }));
            builder.CloseComponent();
        }
    }

    private sealed class TestWebHostEnvironment : IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = "";
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
        public string ApplicationName { get; set; } = "IncidentCenter";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        public string ContentRootPath { get; set; } = "";
        public string EnvironmentName { get; set; } = "Testing";
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Interlocked.Increment(ref _count);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Interlocked.Increment(ref _count);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Interlocked.Increment(ref _count);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult(result);
        }
    }

    private async Task<int> CommandsForAsync(Func<Task> action)
    {
        var before = _commands.Count;
        await action();
        return _commands.Count - before;
    }

    private Task NoteAsync(string text) =>
        _app.Timeline.AddAsync(_rita.Principal, _incidentId, new TimelineDraft { Text = text });

    private async Task<(Bunit.BunitContext Renderer, Func<Task<string>> Html)> OpenPageAsync(AsyncServiceScope scope)
    {
        // bUnit on the circuit's scope: the app's services, MudBlazor's, faked JS and navigation.
        var ui = IncidentBunit.Create(scope.ServiceProvider);
        var page = ui.RenderAs<IncidentPage>(_rita.Principal, (nameof(IncidentPage.Reference), IncidentReference.Format(_incidentId)));
        page.WaitForAssertion(() => page.Find("[aria-label=Timeline]"), TimeSpan.FromSeconds(10));
        await Task.CompletedTask;
        return (ui, () => Task.FromResult(page.Markup));
    }

    [Fact]
    public async Task A_timeline_note_shows_on_the_open_page_for_at_most_two_queries()
    {
        // What the save itself costs, with no page open.
        var save = await CommandsForAsync(() => NoteAsync("Rolled back the deploy."));

        await using var scope = _app.Services.CreateAsyncScope();
        var (renderer, html) = await OpenPageAsync(scope);
        await using (renderer)
        {
            Assert.Contains("Rolled back the deploy.", await html());

            // The notifier awaits every subscriber's reload, so the page has reloaded when the save returns.
            var withPage = await CommandsForAsync(() => NoteAsync("Error rate back to normal."));

            Assert.Contains("Error rate back to normal.", await html());
            Assert.InRange(withPage - save, 1, 2);
        }
    }

    [Fact]
    public async Task An_incident_update_reloads_the_head_and_the_timeline_shows_its_system_entry()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var (renderer, html) = await OpenPageAsync(scope);
        await using (renderer)
        {
            Assert.DoesNotContain("sev-Sev1", await html());

            await _app.Incidents.ChangeSeverityAsync(_rita.Principal, _incidentId, 0, Severity.Sev1, "Every region now.");

            var page = await html();
            // The head (shell) and the timeline's system entry (timeline panel), without a reload by hand.
            Assert.Contains("sev-Sev1", page);
            Assert.Contains("Severity changed from", page);
            Assert.Contains("Every region now.", page);
        }
    }

    [Fact]
    public async Task A_closed_page_stops_following_the_incident()
    {
        var notifier = _app.Services.GetRequiredService<IncidentNotifier>();
        var before = notifier.SubscriberCount;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var (renderer, _) = await OpenPageAsync(scope);
            Assert.True(notifier.SubscriberCount > before);
            await renderer.DisposeAsync();
        }

        Assert.Equal(before, notifier.SubscriberCount);
    }
}
