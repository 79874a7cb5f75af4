using System.Security.Claims;
using IncidentCenter.Accounts;
using MudBlazor;

namespace IncidentCenter.Components.Layout;

/// <summary>One link of the navigation drawer. <paramref name="Exact"/>: active on that path only, not below it.</summary>
public sealed record NavItem(string Href, string Text, bool Exact = false);

/// <summary>A group of links under a heading, or (no title) links on their own with the icon on the link.</summary>
public sealed record NavSection(string? Title, string Icon, IReadOnlyList<NavItem> Items);

/// <summary>
/// What the navigation drawer offers a person and which link is the page they are on. The drawer renders
/// these as plain links (one component for the whole drawer, not one per link); the pages themselves
/// check the role again on the server.
/// </summary>
public static class MainNavigation
{
    public static IReadOnlyList<NavSection> For(ClaimsPrincipal user)
    {
        var admin = user.IsInRole(AppRoles.Admin);
        var respond = admin || user.IsInRole(AppRoles.Responder);
        return
        [
            new("Incidents", Icons.Material.Filled.Warning,
            [
                new("/", "Dashboard", Exact: true),
                .. respond ? [new NavItem("/incidents/declare", "Declare incident")] : Array.Empty<NavItem>(),
                new("/follow-ups", "Follow-ups"),
            ]),
            new(null, Icons.Material.Filled.Public, [new("/status-page/components", "Status page")]),
            new("Knowledge", Icons.Material.Filled.MenuBook,
            [
                new("/runbooks", "Runbooks"),
                .. admin ? [new NavItem("/postmortems/templates", "Post-mortem templates")] : Array.Empty<NavItem>(),
            ]),
            new("Insights", Icons.Material.Filled.Insights, [new("/metrics", "Metrics")]),
            new("Admin", Icons.Material.Filled.AdminPanelSettings,
            [
                new("/services", "Services"),
                .. admin
                    ? [new NavItem("/admin/users", "Users"), new("/settings/response", "Response policy"), new("/settings", "Integrations", Exact: true), new("/admin/audit", "Audit log")]
                    : Array.Empty<NavItem>(),
            ]),
        ];
    }

    /// <summary>
    /// Whether <paramref name="item"/> is the page at <paramref name="path"/> (the path from the site root, with
    /// or without a query or fragment): that path exactly, or for a non-exact item also any path below it.
    /// </summary>
    public static bool IsActive(NavItem item, string path)
    {
        var end = path.IndexOfAny(['?', '#']);
        var bare = (end < 0 ? path : path[..end]).TrimEnd('/');
        var href = item.Href.TrimEnd('/');
        return string.Equals(bare, href, StringComparison.OrdinalIgnoreCase)
            || (!item.Exact && bare.StartsWith(href + "/", StringComparison.OrdinalIgnoreCase));
    }
}
