using System.Net;
using System.Text.RegularExpressions;

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

    // MudBlazor's stylesheet is most of a first load: by its fingerprinted route it went out uncompressed (638 KB),
    // and with the framework's runtime reload of static assets on, other files went out as "gzip" of the same size.
    [Fact]
    public async Task Every_stylesheet_and_script_a_page_links_is_sent_compressed_when_the_browser_accepts_it()
    {
        var client = app.CreateClient();
        var page = await client.GetStringAsync("/account/login");
        var files = Regex.Matches(page, "<link rel=\"stylesheet\" href=\"([^\"]+)\"|<script src=\"([^\"]+)\"")
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToList();
        Assert.Contains(files, f => f.Contains("MudBlazor.min.css", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("MudBlazor.min.js", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("blazor.web", StringComparison.Ordinal));

        foreach (var file in files)
        {
            var plain = await client.GetByteArrayAsync(file.TrimStart('/'));
            if (plain.Length < 10_000)
            {
                continue;
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, file.TrimStart('/'));
            request.Headers.AcceptEncoding.ParseAdd("gzip, br");
            using var response = await client.SendAsync(request);
            var sent = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.Content.Headers.ContentEncoding.Count > 0, $"{file} ({plain.Length:N0} bytes) was sent uncompressed");
            Assert.True(sent.Length < plain.Length / 3, $"{file}: {sent.Length:N0} bytes sent for {plain.Length:N0}");
        }
    }
}
