using Bunit;
using IncidentCenter.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentCenter.Tests.Components;

/// <summary>A panel whose content throws shows the failure; its neighbours still render.</summary>
public sealed class PanelBoundaryRenderingTests
{
    private sealed class Thrower : ComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder) => throw new InvalidOperationException("boom");
    }

    private sealed class ThrowsOnInit : ComponentBase
    {
        protected override async Task OnInitializedAsync()
        {
            await Task.Yield();
            throw new InvalidOperationException("async boom");
        }
    }

    /// <summary>A page with three panels: the failing one between two that work.</summary>
    private sealed class Page<TFailing> : ComponentBase where TFailing : IComponent
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenRegion(0);
            Panel(builder, "Before", b => b.AddMarkupContent(0, "<p id=\"before\">sibling before</p>"));
            builder.CloseRegion();
            builder.OpenRegion(1);
            Panel(builder, "Failing", b => { b.OpenComponent<TFailing>(0); b.CloseComponent(); });
            builder.CloseRegion();
            builder.OpenRegion(2);
            Panel(builder, "After", b => b.AddMarkupContent(0, "<p id=\"after\">sibling after</p>"));
            builder.CloseRegion();
        }

        private static void Panel(RenderTreeBuilder builder, string name, RenderFragment content)
        {
            builder.OpenComponent<PanelBoundary>(0);
            builder.AddComponentParameter(1, nameof(PanelBoundary.Name), name);
            builder.AddComponentParameter(2, nameof(PanelBoundary.ChildContent), content);
            builder.CloseComponent();
        }
    }

    private sealed class ListLogger : ILogger, ILoggerProvider
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception), exception));
            }
        }
        public ILogger CreateLogger(string categoryName) => this;
        public void Dispose() { }
    }

    /// <summary>Renders the page in bUnit with a logger the test can read; waits until the failing panel has settled.</summary>
    private static (IRenderedComponent<Page<TFailing>> Page, ListLogger Log) Render<TFailing>(BunitContext context) where TFailing : IComponent
    {
        var log = new ListLogger();
        context.Services.AddLogging(l => l.AddProvider(log));
        return (context.Render<Page<TFailing>>(), log);
    }

    [Fact]
    public async Task A_panel_that_throws_while_rendering_shows_the_failure_and_its_siblings_still_render()
    {
        await using var context = new BunitContext();
        var (page, log) = Render<Thrower>(context);
        var document = page;

        Assert.Equal("sibling before", document.Find("#before").TextContent);
        Assert.Equal("sibling after", document.Find("#after").TextContent);
        var failed = Assert.Single(document.FindAll("[role=alert]"));
        Assert.Contains("This part failed to load.", failed.TextContent);
        Assert.Equal("Failing", failed.GetAttribute("data-panel"));
        Assert.Contains("Retry", failed.QuerySelector("button")!.TextContent);

        // The id shown is the one logged at Error with the exception.
        var errorId = failed.QuerySelector("code")!.TextContent;
        Assert.Matches("^[0-9a-f]{8}$", errorId);
        var entry = Assert.Single(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(errorId));
        Assert.Equal("boom", entry.Exception?.Message);
    }

    [Fact]
    public async Task A_panel_whose_loading_fails_later_shows_the_failure_and_its_siblings_still_render()
    {
        await using var context = new BunitContext();
        var (page, log) = Render<ThrowsOnInit>(context);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[role=alert]")));
        var document = page;

        Assert.Single(document.FindAll("#before"));
        Assert.Single(document.FindAll("#after"));
        Assert.Contains("This part failed to load.", Assert.Single(document.FindAll("[role=alert]")).TextContent);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "async boom");
    }

    [Fact]
    public async Task Without_a_failure_the_content_shows_and_nothing_is_logged()
    {
        await using var context = new BunitContext();
        var (page, log) = Render<Microsoft.AspNetCore.Components.Web.PageTitle>(context);
        var document = page;

        Assert.Empty(document.FindAll("[role=alert]"));
        Assert.Single(document.FindAll("#before"));
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Error);
    }
}
