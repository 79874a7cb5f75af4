using System.Net;

namespace IncidentCenter.Tests.Web;

public class HealthAndAssetsTests(AppWithAdmin app) : IClassFixture<AppWithAdmin>
{
    [Fact]
    public async Task Live_answers_200()
    {
        var response = await app.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_answers_200_Healthy_once_migrated()
    {
        var response = await app.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_Blazor_script_is_served()
    {
        var response = await app.CreateClient().GetAsync("/_framework/blazor.web.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("javascript", response.Content.Headers.ContentType?.MediaType);
        var script = await response.Content.ReadAsStringAsync();
        Assert.True(script.Length > 50_000, $"only {script.Length} characters");
        Assert.Contains("Blazor", script);
    }

    [Fact]
    public async Task The_app_stylesheet_is_served()
    {
        var response = await app.CreateClient().GetAsync("/app.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }
}
