using System.Security.Cryptography;

namespace IncidentCenter.Infrastructure;

/// <summary>
/// Security headers on every response: pages, downloads, API answers, static files, 404s and
/// error bodies. They are added when the response starts (OnStarting), so an exception handler
/// or status-code page that clears the response cannot drop them. A response that already set its
/// own Content-Security-Policy (the public status pages, stricter) keeps it.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "IncidentCenter.CspNonce";

    /// <summary>
    /// The app's pages (Blazor Server with MudBlazor):
    /// - script-src 'self' plus a per-request nonce for the one inline script, the import map that
    ///   &lt;ImportMap /&gt; writes. Blazor Server's script needs no eval ('wasm-unsafe-eval' is for WebAssembly).
    /// - style-src 'unsafe-inline': Blazor's own reconnect overlay (blazor.web.js, DefaultReconnectDisplay) adds a
    ///   &lt;style&gt; element when the connection drops, and MudBlazor components render style="…" attributes
    ///   that Blazor applies through setAttribute; CSP has no nonce or hash for attributes. Styles cannot run code.
    /// - connect-src 'self': the circuit's WebSocket to the same origin (CSP Level 3 lets 'self' match ws:/wss:).
    /// - img-src https:: Markdown in timelines and post-mortems may show images by https address.
    /// </summary>
    public static string AppPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' https:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>The public status pages load only our own scripts and styles; update text is escaped HTML anyway.</summary>
    public const string PublicPagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = ReferrerPolicy;
            headers.XFrameOptions = "DENY";
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = AppPolicy(Nonce(context));
            }
            return Task.CompletedTask;
        }, http);
        return next(http);
    });

    /// <summary>The request's CSP nonce, for the inline scripts the app itself writes (the import map).</summary>
    public static string Nonce(HttpContext http)
    {
        if (http.Items[NonceKey] is string nonce)
        {
            return nonce;
        }
        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        return nonce;
    }
}
