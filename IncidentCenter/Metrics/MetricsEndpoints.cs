using System.Text;
using IncidentCenter.Shared;

namespace IncidentCenter.Metrics;

/// <summary>CSV downloads of the /metrics figures, for a signed-in cookie; the service decides who may read.</summary>
public static class MetricsEndpoints
{
    public static void MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/metrics.csv", (HttpContext http, MetricsQueries metrics, TimeProvider clock) =>
            CsvAsync(http, metrics, clock, "metrics", MetricsCsv.Periods));
        app.MapGet("/api/metrics/services.csv", (HttpContext http, MetricsQueries metrics, TimeProvider clock) =>
            CsvAsync(http, metrics, clock, "metrics-by-service", MetricsCsv.Services));
    }

    private static async Task<IResult> CsvAsync(HttpContext http, MetricsQueries metrics, TimeProvider clock, string what, Func<MetricsReport, string> write)
    {
        var query = http.Request.Query;
        try
        {
            var request = MetricsRequest.Parse(query["from"], query["to"], query["period"], query["severity"], clock.GetUtcNow().UtcDateTime);
            var report = await metrics.GetReportAsync(http.User, request, http.RequestAborted);
            return Results.File(Encoding.UTF8.GetBytes(write(report)), "text/csv; charset=utf-8", MetricsCsv.FileName(request, what));
        }
        catch (ForbiddenException ex)
        {
            var status = http.User.Identity?.IsAuthenticated == true ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            return Results.Text(ex.Message, "text/plain; charset=utf-8", statusCode: status);
        }
        catch (ValidationFailedException ex)
        {
            return Results.Text(ex.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
