using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;

namespace IncidentCenter.Infrastructure;

/// <summary>
/// Running behind a TLS-terminating proxy (nginx, Caddy, a load balancer):
/// - X-Forwarded-For / X-Forwarded-Proto are believed only from the addresses in Proxy:KnownProxies
///   and Proxy:KnownNetworks. Nothing configured means nothing is believed, so a client cannot
///   choose its own address by sending the header.
/// - When the public URL (App:PublicUrl, else StatusPage:PublicUrl, else Notifications:PublicBaseUrl)
///   is https, the sign-in cookies are always Secure and HSTS is sent on https requests. The antiforgery
///   cookie is Secure on every https request.
/// </summary>
public static class ReverseProxy
{
    public const string Section = "Proxy";

    public static void AddReverseProxySupport(this IHostApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var proxies = List(config.GetSection($"{Section}:KnownProxies"));
        var networks = List(config.GetSection($"{Section}:KnownNetworks"));
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Empty lists would make the middleware believe every sender, so with nothing configured it reads nothing.
            o.ForwardedHeaders = proxies.Count + networks.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what is configured is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"{Section}:KnownProxies: '{proxy}' is not an IP address."));
            }
            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"{Section}:KnownNetworks: '{network}' is not a network such as 10.0.0.0/8."));
            }
        });

        var publicUrl = PublicUrl(config);
        // The older per-feature keys stay; App:PublicUrl fills them when they are empty.
        builder.Services.PostConfigure<IncidentCenter.StatusPage.Public.StatusPageOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.PublicUrl) && publicUrl is not null)
            {
                o.PublicUrl = publicUrl;
            }
        });
        builder.Services.PostConfigure<IncidentCenter.Notifications.NotificationOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.PublicBaseUrl) && publicUrl is not null)
            {
                o.PublicBaseUrl = publicUrl;
            }
        });

        // The antiforgery cookie is Secure whenever the request is https (behind the proxy: X-Forwarded-Proto https);
        // its default is never. Not Always: then antiforgery refuses to render any form on a plain-http request.
        builder.Services.PostConfigure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        if (IsHttps(publicUrl))
        {
            builder.Services.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            builder.Services.AddHsts(o =>
            {
                o.MaxAge = TimeSpan.FromDays(365);
                o.IncludeSubDomains = false;
            });
        }
    }

    /// <summary>First in the pipeline: everything after it (limiter, audit, HSTS) sees the real client and scheme.</summary>
    public static void UseReverseProxySupport(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (IsHttps(PublicUrl(app.Configuration)))
        {
            app.UseHsts();
        }
    }

    public static string? PublicUrl(IConfiguration config) =>
        new[] { config["App:PublicUrl"], config["StatusPage:PublicUrl"], config["Notifications:PublicBaseUrl"] }
            .FirstOrDefault(u => !string.IsNullOrWhiteSpace(u))?.Trim();

    private static bool IsHttps(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    /// <summary>Either an array (Proxy:KnownProxies:0, …) or one comma-separated value.</summary>
    private static List<string> List(IConfigurationSection section)
    {
        var values = section.GetChildren().Select(c => c.Value).ToList();
        if (section.Value is { } single)
        {
            values.Add(single);
        }
        return values.SelectMany(v => (v ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
    }
}
