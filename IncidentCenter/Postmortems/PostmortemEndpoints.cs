using IncidentCenter.Incidents;
using IncidentCenter.Shared;

namespace IncidentCenter.Postmortems;

/// <summary>Downloads for people and scripts (a signed-in cookie); the service decides who may read.</summary>
public static class PostmortemEndpoints
{
    public static void MapPostmortemEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/incidents/{reference}/postmortem.md", async (string reference, HttpContext http, PostmortemService postmortems) =>
        {
            if (!IncidentReference.TryParse(reference, out var incidentId))
            {
                return Results.Text($"\"{reference}\" is not an incident reference.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
            }
            return await RunAsync(http, async () =>
            {
                var (fileName, content) = await postmortems.ExportAsync(http.User, incidentId, http.RequestAborted);
                return Results.File(content, "text/markdown; charset=utf-8", fileName);
            });
        });

        // Streamed, cached per published set, limited in concurrency: see PublishedExport.
        app.MapGet("/api/postmortems/published.zip", async (HttpContext http, PublishedExport export) =>
            await RunAsync(http, async () =>
            {
                await export.SendAsync(http);
                return Results.Empty;
            }));
    }

    /// <summary>Refusals as plain-text status codes (with a body, so the status-code page does not replace them).</summary>
    private static async Task<IResult> RunAsync(HttpContext http, Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ForbiddenException ex)
        {
            var status = http.User.Identity?.IsAuthenticated == true ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            return Results.Text(ex.Message, "text/plain; charset=utf-8", statusCode: status);
        }
        catch (NotFoundException ex)
        {
            return Results.Text(ex.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }
    }
}
