using System.Security.Claims;
using IncidentCenter.Data;
using IncidentCenter.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace IncidentCenter.StatusPage.Public;

/// <summary>
/// The public status page: pages, feeds, JSON API and the live event stream. All anonymous; none of it
/// goes through the Blazor router, so the first-run redirect and [Authorize] never apply.
/// </summary>
public static class StatusPageEndpoints
{

    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static void MapStatusPageEndpoints(this WebApplication app)
    {
        var pages = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        pages.MapMethods("/status", GetOrHead, (HttpContext http, PublicStatusResponses r) => SendAsync(http, r.StatusPageAsync()));
        pages.MapMethods("/status/history", GetOrHead, (HttpContext http, PublicStatusResponses r) => SendAsync(http, r.HistoryPageAsync()));
        pages.MapMethods("/status/incidents/{id:int}", GetOrHead, (HttpContext http, int id, PublicStatusResponses r) => SendAsync(http, r.IncidentPageAsync(id)));
        pages.MapMethods("/status/feed.atom", GetOrHead, (HttpContext http, PublicStatusResponses r) => SendAsync(http, r.FeedAsync(null)));
        pages.MapMethods("/status/components/{id:int}/feed.atom", GetOrHead, (HttpContext http, int id, PublicStatusResponses r) => SendAsync(http, r.FeedAsync(id)));
        // Everything else under /status: one cached 404 (routes above take precedence over the catch-all).
        pages.MapMethods("/status/{**rest}", GetOrHead, (HttpContext http, PublicStatusResponses r) => SendAsync(http, r.UnknownPathAsync()));
        pages.MapMethods("/api/v2/summary.json", GetOrHead, (HttpContext http, PublicStatusResponses r) => SendAsync(http, r.JsonAsync("summary"), cors: true));
        pages.MapMethods("/api/v2/status.json", GetOrHead, (HttpContext http, PublicStatusResponses r) => SendAsync(http, r.JsonAsync("status"), cors: true));
        pages.MapMethods("/api/v2/components.json", GetOrHead, (HttpContext http, PublicStatusResponses r) => SendAsync(http, r.JsonAsync("components"), cors: true));
        pages.MapMethods("/api/v2/incidents.json", GetOrHead, (HttpContext http, PublicStatusResponses r) => SendAsync(http, r.JsonAsync("incidents"), cors: true));
        pages.MapMethods("/api/v2/incidents/unresolved.json", GetOrHead, (HttpContext http, PublicStatusResponses r) => SendAsync(http, r.JsonAsync("unresolved"), cors: true));

        // Live updates: Server-Sent Events, read by EventSource in status-live.js. Not through the
        // public response cache; the result sends Cache-Control: no-cache,no-store itself.
        pages.MapGet(StatusLiveFeed.Path, (HttpContext http, StatusLiveFeed feed) =>
        {
            var lastEventId = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? http.Request.Query["last"].FirstOrDefault();
            var stream = feed.TryOpen(lastEventId, http.RequestAborted);
            if (stream is null)
            {
                http.Response.Headers.RetryAfter = "30";
                return (IResult)TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            http.Response.Headers.XContentTypeOptions = "nosniff";
            // Tells nginx-style proxies not to buffer the stream.
            http.Response.Headers["X-Accel-Buffering"] = "no";
            return TypedResults.ServerSentEvents(stream);
        });

        if (app.Configuration.GetValue("Bench:Enabled", false))
        {
            MapBenchEndpoints(app);
        }
    }

    private static async Task SendAsync(HttpContext http, ValueTask<CacheResult<RenderedResponse>> pending, bool cors = false)
    {
        var (response, stale) = await pending;
        var headers = http.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ETag = response.ETag;
        headers.Vary = "Accept-Encoding";
        if (stale)
        {
            headers["X-Status-Stale"] = "true";
        }
        if (cors)
        {
            headers.AccessControlAllowOrigin = "*";
        }
        if (response.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = IncidentCenter.Infrastructure.SecurityHeaders.PublicPagePolicy;
        }
        if (response.StatusCode == StatusCodes.Status200OK && http.Request.Headers.IfNoneMatch is { Count: > 0 } match && match.Contains(response.ETag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var (body, encoding) = Encode(http.Request, response);
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }
        http.Response.StatusCode = response.StatusCode;
        http.Response.ContentType = response.ContentType;
        http.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.Body.WriteAsync(body);
        }
    }

    /// <summary>The precompressed copy the client accepts (Brotli, then gzip), else the plain bytes.</summary>
    private static (byte[] Body, string? Encoding) Encode(HttpRequest request, RenderedResponse response)
    {
        var accept = request.Headers.AcceptEncoding;
        if (accept.Count == 0 || !StringWithQualityHeaderValue.TryParseList(accept, out var encodings))
        {
            return (response.Body, null);
        }
        bool Accepts(string name) => encodings.Any(e => e.Value.Equals(name, StringComparison.OrdinalIgnoreCase) && (e.Quality ?? 1) > 0);
        return Accepts("br") ? (response.Brotli, "br")
            : Accepts("gzip") ? (response.Gzip, "gzip")
            : (response.Body, null);
    }

    /// <summary>
    /// Only with Bench:Enabled=true (never in production): a plain endpoint to compare the status
    /// page with, and a real publish for the live-subscriber benchmark. The publish goes through
    /// <see cref="StatusPageService.PublishAsync"/> as an existing user (Bench:PublisherEmail, else
    /// Bootstrap:AdminEmail), so it authorizes, writes the update, component and timeline rows in
    /// one transaction and only then announces the change, exactly as the composer does.
    /// </summary>
    private static void MapBenchEndpoints(WebApplication app)
    {
        var plain = "OK"u8.ToArray();
        // Even when enabled, only the machine itself may call them: the publish acts as the Admin.
        var bench = app.MapGroup("/bench").AllowAnonymous().ExcludeFromDescription()
            .AddEndpointFilter((context, next) => context.HttpContext.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address)
                ? next(context)
                : ValueTask.FromResult<object?>(Results.Text("Bench endpoints answer only the machine itself.", statusCode: StatusCodes.Status403Forbidden)));
        bench.MapGet("/plain", () => Results.Bytes(plain, "text/plain"));
        // Server memory for the live-subscriber benchmark: managed heap after a full collection, and RSS.
        bench.MapGet("/memory", (StatusLiveFeed feed) =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var managed = GC.GetTotalMemory(forceFullCollection: false);
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return Results.Ok(new { managedHeapBytes = managed, rssBytes = process.WorkingSet64, liveSubscribers = feed.SubscriberCount });
        });
        bench.MapPost("/status/publish", async (int incidentId, string? body, IConfiguration config,
            IDbContextFactory<AppDbContext> dbFactory, StatusPageService status, CancellationToken ct) =>
        {
            var email = config["Bench:PublisherEmail"] ?? config["Bootstrap:AdminEmail"];
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var userId = email is null ? null
                : await db.Users.AsNoTracking().Where(u => u.Email == email).Select(u => u.Id).FirstOrDefaultAsync(ct);
            if (userId is null)
            {
                return Results.Problem("Set Bench:PublisherEmail (or Bootstrap:AdminEmail) to an existing Responder or Admin.", statusCode: 409);
            }
            var published = await db.PublicIncidents.AsNoTracking().FirstOrDefaultAsync(p => p.IncidentId == incidentId, ct);
            var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Bench"));
            try
            {
                var updateId = await status.PublishAsync(user, incidentId, new PublishStatusUpdate
                {
                    ExpectedVersion = published?.Version,
                    Stage = published?.Stage is { } stage && stage != StatusStage.Resolved ? stage : StatusStage.Investigating,
                    Title = published?.Title ?? "Benchmark incident",
                    Impact = published?.Impact ?? StatusImpact.Minor,
                    Body = string.IsNullOrWhiteSpace(body) ? "We are still working on it; next update soon." : body,
                    AcknowledgeWarnings = true,
                }, ct);
                return Results.Ok(new { updateId });
            }
            catch (UserFacingException e)
            {
                return Results.Problem(e.Message, statusCode: 409);
            }
        });
    }
}
