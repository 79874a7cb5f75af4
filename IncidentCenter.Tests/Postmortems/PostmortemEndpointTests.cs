using System.Net;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Postmortems;
using IncidentCenter.Tests.Support;
using IncidentCenter.Tests.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Postmortems;

public class PostmortemEndpointTests(AppWithAdmin app) : IClassFixture<AppWithAdmin>
{
    [Fact]
    public async Task The_markdown_endpoint_gives_the_same_bytes_as_the_service_to_signed_in_users_only()
    {
        var browser = app.CreateBrowser();
        var login = await browser.GetPageAsync("/account/login");
        await browser.PostAsync("/account/login", Browser.FormFrom(login, "login", ("Input.Email", AppFactory.AdminEmail), ("Input.Password", AppFactory.AdminPassword)));
        string adminId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            adminId = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(AppFactory.AdminEmail))!.Id;
        }
        var admin = TestApp.Principal(adminId);
        var incidents = app.Services.GetRequiredService<IncidentService>();
        var incident = await incidents.DeclareAsync(admin, new DeclareIncident { Title = "Endpoint check", Severity = Severity.Sev2 });
        await incidents.ChangeStateAsync(admin, incident.Id, 0, IncidentState.Resolved);
        var postmortems = app.Services.GetRequiredService<PostmortemService>();
        await postmortems.GenerateAsync(admin, incident.Id);
        var (fileName, expected) = await postmortems.ExportAsync(admin, incident.Id);

        var response = await browser.GetAsync($"/api/incidents/{incident.Reference}/postmortem.md");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateBrowser().GetAsync($"/api/incidents/{incident.Reference}/postmortem.md")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/api/incidents/INC-9999/postmortem.md")).StatusCode);
        var zip = await browser.GetAsync("/api/postmortems/published.zip");
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType?.MediaType);
    }
}
