using System.Net;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Metrics;
using IncidentCenter.Tests.Support;
using IncidentCenter.Tests.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Metrics;

public class MetricsEndpointTests(AppWithAdmin app) : IClassFixture<AppWithAdmin>
{
    private const string Range = "from=2026-01-01&to=2026-12-31&period=quarter&severity=all";

    private async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var browser = app.CreateBrowser();
        var login = await browser.GetPageAsync("/account/login");
        var response = await browser.PostAsync("/account/login", Browser.FormFrom(login, "login", ("Input.Email", email), ("Input.Password", password)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    [Theory]
    [InlineData("/api/metrics.csv?" + Range)]
    [InlineData("/api/metrics/services.csv?" + Range)]
    public async Task Anonymous_callers_are_refused(string url)
    {
        var response = await app.CreateBrowser().GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("period", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_metrics_page_sends_anonymous_visitors_to_sign_in()
    {
        var response = await app.CreateBrowser().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.LocationPath());
    }

    [Fact]
    public async Task A_viewer_downloads_the_same_csv_the_service_computes()
    {
        await app.CreateUserAsync("viewer.metrics@example.test", "viewer-password-1", AppRoles.Viewer);
        string adminId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            adminId = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(AppFactory.AdminEmail))!.Id;
        }
        var incidents = app.Services.GetRequiredService<IncidentService>();
        var incident = await incidents.DeclareAsync(TestApp.Principal(adminId), new DeclareIncident { Title = "Metrics endpoint", Severity = Severity.Sev3, NewServiceNames = ["Search, internal"] });
        await incidents.ChangeStateAsync(TestApp.Principal(adminId), incident.Id, 0, IncidentState.Resolved);
        var year = incident.DeclaredAt.Year;
        var query = $"from={year}-01-01&to={year}-12-31&period=quarter&severity=sev3";

        var viewer = await SignedInAsync("viewer.metrics@example.test", "viewer-password-1");
        var response = await viewer.GetAsync("/api/metrics.csv?" + query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"incident-metrics-{year}-01-01-to-{year}-12-31-quarter.csv", response.Content.Headers.ContentDisposition?.FileName);
        var body = await response.Content.ReadAsStringAsync();
        var expected = MetricsCsv.Periods(await app.Services.GetRequiredService<MetricsQueries>().GetReportAsync(
            TestApp.Principal(adminId), new MetricsRequest(new(year, 1, 1), new(year, 12, 31), PeriodKind.Quarter, Severity.Sev3)));
        Assert.Equal(expected, body);
        Assert.Equal(5, body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(",SEV3,1,1,", body);

        var services = await viewer.GetAsync("/api/metrics/services.csv?" + query);
        Assert.Equal(HttpStatusCode.OK, services.StatusCode);
        Assert.Contains("\"Search, internal\",1,", await services.Content.ReadAsStringAsync());

        var page = await viewer.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_bad_range_is_a_400_with_the_reason()
    {
        var admin = await SignedInAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);

        var response = await admin.GetAsync("/api/metrics.csv?from=2026-05-01&to=2026-04-01");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("start date", await response.Content.ReadAsStringAsync());
    }
}
