using System.Security.Claims;
using IncidentCenter.Accounts;
using IncidentCenter.Components.Layout;

namespace IncidentCenter.Tests.Layout;

public sealed class MainNavigationTests
{
    private static ClaimsPrincipal Person(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], "test"));

    private static List<string> Links(string role) =>
        MainNavigation.For(Person(role)).SelectMany(s => s.Items).Select(i => i.Text).ToList();

    [Fact]
    public void Each_role_gets_the_links_it_had_in_the_drawer()
    {
        Assert.Equal(["Dashboard", "Follow-ups", "Status page", "Runbooks", "Metrics", "Services"], Links(AppRoles.Viewer));
        Assert.Equal(["Dashboard", "Declare incident", "Follow-ups", "Status page", "Runbooks", "Metrics", "Services"], Links(AppRoles.Responder));
        Assert.Equal(["Dashboard", "Declare incident", "Follow-ups", "Status page", "Runbooks", "Post-mortem templates", "Metrics",
            "Services", "Users", "Response policy", "Integrations", "Audit log"], Links(AppRoles.Admin));
        Assert.Equal(["Incidents", null, "Knowledge", "Insights", "Admin"], MainNavigation.For(Person(AppRoles.Viewer)).Select(s => s.Title));
    }

    [Theory]
    [InlineData("/", "/", true)]
    [InlineData("/", "/?severity=Sev1", true)]
    [InlineData("/", "/incidents/12", false)]
    [InlineData("/runbooks", "/runbooks", true)]
    [InlineData("/runbooks", "/Runbooks/", true)]
    [InlineData("/runbooks", "/runbooks/7/history#r3", true)]
    [InlineData("/runbooks", "/runbooks-old", false)]
    [InlineData("/settings", "/settings", true)]
    [InlineData("/settings", "/settings/response", false)]
    [InlineData("/settings/response", "/settings/response", true)]
    [InlineData("/status-page/components", "/status-page/components/4", true)]
    public void A_link_is_active_on_its_page_and_unless_exact_below_it(string href, string path, bool active)
    {
        var item = MainNavigation.For(Person(AppRoles.Admin)).SelectMany(s => s.Items).Single(i => i.Href == href);
        Assert.Equal(active, MainNavigation.IsActive(item, path));
    }
}
