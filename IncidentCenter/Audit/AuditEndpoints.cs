using System.Globalization;
using System.Text;
using IncidentCenter.Shared;

namespace IncidentCenter.Audit;

/// <summary>The audit log as CSV, for a signed-in Admin's cookie; the service decides who may read.</summary>
public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/admin/audit.csv", async (HttpContext http, AuditService audit, TimeProvider clock) =>
        {
            var query = http.Request.Query;
            try
            {
                var filter = new AuditFilter(query["area"], query["who"], query["text"], Day(query["from"], 0), Day(query["to"], 1));
                var csv = await audit.CsvAsync(http.User, filter, http.RequestAborted);
                var name = string.Create(CultureInfo.InvariantCulture, $"audit-log-{clock.GetUtcNow():yyyy-MM-dd-HHmm}.csv");
                http.Response.Headers.CacheControl = "no-store";
                return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", name);
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
        });

    private static DateTime? Day(string? value, int addDays) =>
        string.IsNullOrWhiteSpace(value) ? null
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.AddDays(addDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
            : throw new ValidationFailedException($"'{value}' is not a date like 2026-12-31.");
}
