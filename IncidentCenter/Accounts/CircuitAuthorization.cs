using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;

namespace IncidentCenter.Accounts;

/// <summary>
/// Only signed-in people get a Blazor circuit: the endpoints under /_blazor (negotiate, the
/// hub's connection, disconnect) require an authenticated user, so an anonymous client cannot
/// hold server memory or send the 1 MB messages the hub accepts for long text.
/// </summary>
public static class CircuitAuthorization
{
    public static RazorComponentsEndpointConventionBuilder RequireSignedInUserForCircuits(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            // _blazor/initializers only lists the JavaScript initializers the static pages also load.
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route }
                && route.TrimStart('/').StartsWith("_blazor", StringComparison.OrdinalIgnoreCase)
                && !route.Contains("initializers", StringComparison.OrdinalIgnoreCase))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute());
                // A refusal stays a plain 401 instead of re-executing the not-found page (a POST
                // there would fail antiforgery and read as 400).
                endpoint.Metadata.Add(new SkipStatusCodePages());
            }
        });
        return builder;
    }

    private sealed class SkipStatusCodePages : ISkipStatusCodePagesMetadata;
}
