using IncidentCenter.Shared;
using Microsoft.Net.Http.Headers;

namespace IncidentCenter.Intake;

/// <summary>
/// POST /api/alerts/alertmanager and POST /api/alerts/generic. Checked in this order, on every request:
/// the bearer token (401), the token's request rate (429 with Retry-After), the content type (415), the
/// size (413), the payload (400); then the whole
/// payload is applied in one transaction (200 with what happened to each alert).
/// </summary>
public static class AlertEndpoints
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static void MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/alerts/alertmanager", (HttpContext http, ApiTokenService tokens, IntakeRateLimiter limiter, AlertIntakeService intake) =>
            HandleAsync(http, tokens, limiter, intake, body => AlertPayloads.ParseAlertmanager(body)));
        app.MapPost("/api/alerts/generic", (HttpContext http, ApiTokenService tokens, IntakeRateLimiter limiter, AlertIntakeService intake) =>
            HandleAsync(http, tokens, limiter, intake, body => AlertPayloads.ParseGeneric(body)));
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ApiTokenService tokens, IntakeRateLimiter limiter, AlertIntakeService intake,
        Func<ReadOnlyMemory<byte>, IReadOnlyList<IntakeAlert>> parse)
    {
        var ct = http.RequestAborted;
        var presented = BearerToken(http.Request.Headers.Authorization.ToString());
        if (presented is null)
        {
            return Unauthorized(http, "Send an API token as \"Authorization: Bearer <token>\". Admins create tokens under Integrations → API tokens.");
        }
        var token = await tokens.AuthenticateAsync(presented, ct);
        if (token is null)
        {
            return Unauthorized(http, "The API token is not valid or has been revoked.");
        }
        if (limiter.TryAcquire(token.Id) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status429TooManyRequests, "Too many requests",
                $"This API token sent more alert requests than its limit per minute (Intake:RequestsPerMinutePerToken). Retry in {seconds} s.");
        }
        if (!IsJson(http.Request.ContentType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Send the alert as JSON with \"Content-Type: application/json\" (got \"{http.Request.ContentType ?? "nothing"}\").");
        }
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }
        var body = await ReadLimitedAsync(http.Request.Body, ct);
        if (body is null)
        {
            return TooLarge();
        }
        IReadOnlyList<IntakeAlert> alerts;
        try
        {
            alerts = parse(body);
        }
        catch (BadPayloadException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "The alert payload was not accepted", ex.Message);
        }
        try
        {
            var outcomes = await intake.ProcessAsync(token.Id, alerts, ct);
            return Results.Json(new { alerts = outcomes.Select(o => new { fingerprint = o.Fingerprint, action = o.Action, incident = o.Incident }) });
        }
        catch (ForbiddenException ex)
        {
            return Unauthorized(http, ex.Message);
        }
        catch (UserFacingException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "The alert payload was not accepted", ex.Message);
        }
    }

    internal static string? BearerToken(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var value = header[scheme.Length..].Trim();
        return value.Length == 0 ? null : value;
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The body, or null once it passes the limit (a chunked body has no Content-Length to check first).</summary>
    internal static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken ct)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + read > MaxBodyBytes)
            {
                return null;
            }
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }

    private static IResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Problem(StatusCodes.Status401Unauthorized, "Not authenticated", detail);
    }

    private static IResult TooLarge() => Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large",
        $"The body is larger than {MaxBodyBytes / 1024} KiB. Lower max_alerts in Alertmanager's webhook_config.");

    private static IResult Problem(int status, string title, string detail) => Results.Problem(detail: detail, statusCode: status, title: title);
}
