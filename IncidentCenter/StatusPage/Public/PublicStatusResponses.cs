using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace IncidentCenter.StatusPage.Public;

/// <summary>
/// One ready-to-send public response: bytes, type, a (weak) ETag, and Brotli and gzip copies
/// compressed once when it is built, not per request.
/// </summary>
public sealed class RenderedResponse(byte[] body, string contentType, int statusCode = StatusCodes.Status200OK)
{
    public byte[] Body { get; } = body;
    public string ContentType { get; } = contentType;
    public int StatusCode { get; } = statusCode;
    public string ETag { get; } = $"W/\"{Convert.ToHexString(SHA256.HashData(body))[..20]}\"";
    public byte[] Brotli { get; } = Compress(body, s => new BrotliStream(s, CompressionLevel.Optimal));
    public byte[] Gzip { get; } = Compress(body, s => new GZipStream(s, CompressionLevel.Optimal));

    private static byte[] Compress(byte[] body, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(body);
        }
        return output.ToArray();
    }
}

public sealed class StatusPageOptions
{
    public const string Section = "StatusPage";

    /// <summary>Absolute address of the app (e.g. https://status.example.com) for feed and API links; relative links when empty.</summary>
    public string PublicUrl { get; set; } = "";
}

/// <summary>
/// Builds every public response (pages with HtmlRenderer, feeds, JSON) from the public read side,
/// through the cache: one build per change, whatever the number of viewers.
/// </summary>
public sealed class PublicStatusResponses(
    IPublicStatusSource source,
    PublicStatusCache cache,
    IServiceProvider services,
    ILoggerFactory loggerFactory,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<StatusPageOptions> options) : IAsyncDisposable
{
    public const string HtmlType = "text/html; charset=utf-8";

    // The renderer lives as long as this singleton, in a scope of its own for the scoped
    // services the component renderer asks for.
    private readonly Rendering _rendering = new(services, loggerFactory);
    private readonly string _baseUrl = options.Value.PublicUrl.TrimEnd('/');

    public ValueTask<CacheResult<RenderedResponse>> StatusPageAsync() =>
        cache.GetAsync("page:status", async ct =>
        {
            var snapshot = await source.LoadSnapshotAsync(ct);
            return Html(await RenderAsync<StatusHomePage>(new() { [nameof(StatusHomePage.Snapshot)] = snapshot }));
        });

    public ValueTask<CacheResult<RenderedResponse>> HistoryPageAsync() =>
        cache.GetAsync("page:history", async ct =>
        {
            var history = await source.LoadHistoryAsync(ct);
            return Html(await RenderAsync<StatusHistoryPage>(new() { [nameof(StatusHistoryPage.History)] = history }));
        });

    public async ValueTask<CacheResult<RenderedResponse>> IncidentPageAsync(int incidentId)
    {
        // A made-up id is answered from the cache: one shared 404, no snapshot or incident query.
        var (ids, stale) = await IdsAsync();
        if (!ids.Incidents.Contains(incidentId))
        {
            return await UnknownAsync("page:incident:unknown", ids, stale, IncidentNotFound);
        }
        return await cache.GetAsync($"page:incident:{incidentId}", async ct =>
        {
            var asOf = clock.GetUtcNow().UtcDateTime;
            var incident = await source.LoadIncidentAsync(incidentId, ct);
            if (incident is null)
            {
                return await NotFoundAsync(asOf, IncidentNotFound);
            }
            return Html(await RenderAsync<StatusIncidentPage>(new()
            {
                [nameof(StatusIncidentPage.Incident)] = incident,
                [nameof(StatusIncidentPage.AsOf)] = asOf,
            }));
        }, keep: r => r.StatusCode == StatusCodes.Status200OK);
    }

    public async ValueTask<CacheResult<RenderedResponse>> FeedAsync(int? componentId)
    {
        if (componentId is { } id)
        {
            var (ids, stale) = await IdsAsync();
            if (!ids.Components.Contains(id))
            {
                return await UnknownAsync("feed:component:unknown", ids, stale, ComponentNotFound);
            }
        }
        return await cache.GetAsync(componentId is null ? "feed" : $"feed:component:{componentId}", async ct =>
        {
            var snapshot = await source.LoadSnapshotAsync(ct);
            if (componentId is null)
            {
                return new RenderedResponse(AtomFeed.Write(snapshot, _baseUrl), AtomFeed.ContentType);
            }
            var component = snapshot.Components.FirstOrDefault(c => c.Id == componentId);
            return component is null
                ? await NotFoundAsync(snapshot.AsOf, ComponentNotFound)
                : new RenderedResponse(AtomFeed.Write(snapshot, _baseUrl, component), AtomFeed.ContentType);
        }, keep: r => r.StatusCode == StatusCodes.Status200OK);
    }

    /// <summary>
    /// Any other path under /status (a made-up slug, a guid where a number belongs): the same cached 404
    /// as a made-up id, not the app's rendered not-found page, which costs far more under a flood.
    /// </summary>
    public async ValueTask<CacheResult<RenderedResponse>> UnknownPathAsync()
    {
        var (ids, stale) = await IdsAsync();
        return await UnknownAsync("page:unknown", ids, stale, PageNotFound);
    }

    public ValueTask<CacheResult<RenderedResponse>> JsonAsync(string name) =>
        cache.GetAsync($"json:{name}", async ct =>
        {
            var snapshot = await source.LoadSnapshotAsync(ct);
            var body = name switch
            {
                "summary" => StatusJson.Summary(snapshot, _baseUrl),
                "status" => StatusJson.StatusOnly(snapshot, _baseUrl),
                "components" => StatusJson.ComponentsOnly(snapshot, _baseUrl),
                "incidents" => StatusJson.Incidents(snapshot, _baseUrl),
                "unresolved" => StatusJson.Unresolved(snapshot, _baseUrl),
                _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such status document."),
            };
            return new RenderedResponse(body, StatusJson.ContentType);
        });

    /// <summary>Renders a public page component to HTML (also used by tests).</summary>
    public Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent =>
        _rendering.Renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await _rendering.Renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });

    public ValueTask DisposeAsync() => _rendering.DisposeAsync();

    private const string IncidentNotFound = "There is no public incident with this number. It may not have been published.";
    private const string ComponentNotFound = "There is no public component with this number.";
    private const string PageNotFound = "There is no such page on the status page.";

    /// <summary>The public ids, rebuilt once per change like every other cached response.</summary>
    private ValueTask<CacheResult<PublicStatusIds>> IdsAsync() => cache.GetAsync("ids", source.LoadIdsAsync);

    /// <summary>One 404 page per kind of unknown id, built once per change; the id itself is never a cache key.</summary>
    private async ValueTask<CacheResult<RenderedResponse>> UnknownAsync(string key, PublicStatusIds ids, bool idsStale, string message)
    {
        var (response, stale) = await cache.GetAsync(key, _ => NotFoundAsync(ids.AsOf, message));
        return new(response, stale || idsStale);
    }

    private async Task<RenderedResponse> NotFoundAsync(DateTime asOf, string message) =>
        new(Encoding.UTF8.GetBytes(await RenderAsync<StatusNotFoundPage>(new()
        {
            [nameof(StatusNotFoundPage.AsOf)] = asOf,
            [nameof(StatusNotFoundPage.Message)] = message,
        })), HtmlType, StatusCodes.Status404NotFound);

    private static RenderedResponse Html(string html) => new(Encoding.UTF8.GetBytes(html), HtmlType);

    private sealed class Rendering : IAsyncDisposable
    {
        private readonly AsyncServiceScope _scope;

        public Rendering(IServiceProvider services, ILoggerFactory loggerFactory)
        {
            _scope = services.CreateAsyncScope();
            Renderer = new HtmlRenderer(_scope.ServiceProvider, loggerFactory);
        }

        public HtmlRenderer Renderer { get; }

        public async ValueTask DisposeAsync()
        {
            await Renderer.DisposeAsync();
            await _scope.DisposeAsync();
        }
    }
}
