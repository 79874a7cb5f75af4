using System.Net;
using System.Net.Http.Json;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.StatusPage;
using IncidentCenter.Tests.Support;
using IncidentCenter.Tests.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The benchmarks' publish endpoint: absent by default; with Bench:Enabled, a real publish as the bootstrap Admin.</summary>
public class BenchPublishEndpointTests
{
    /// <summary>The test server has no network peer: every request comes from <paramref name="remote"/> (loopback unless said).</summary>
    private sealed class BenchApp(bool enabled, IPAddress? remote = null) : AppFactory(bootstrapAdmin: true, signInAttemptsPerMinute: 1000)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (enabled)
            {
                builder.UseSetting("Bench:Enabled", "true");
            }
            builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new FromAddress(remote ?? IPAddress.Loopback)));
        }

        private sealed class FromAddress(IPAddress address) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    context.Connection.RemoteIpAddress = address;
                    return nextMiddleware(context);
                });
                next(app);
            };
        }

        public async Task<int> DeclareAsAdminAsync()
        {
            await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var adminId = await db.Users.Where(u => u.Email == AdminEmail).Select(u => u.Id).SingleAsync();
            var incident = await Services.GetRequiredService<IncidentService>().DeclareAsync(TestApp.Principal(adminId),
                new DeclareIncident { Title = "Checkout fails", Severity = Severity.Sev2 });
            return incident.Id;
        }

        public async Task<List<StatusUpdate>> UpdatesAsync(int incidentId)
        {
            await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            return await db.StatusUpdates.AsNoTracking().Where(u => u.IncidentId == incidentId).OrderBy(u => u.Id).ToListAsync();
        }

        public async Task<List<string>> TimelineAsync(int incidentId)
        {
            await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            return await db.TimelineEntries.AsNoTracking().Where(t => t.IncidentId == incidentId).Select(t => t.Text).ToListAsync();
        }
    }

    private sealed record Published(int UpdateId);

    [Fact]
    public async Task Not_mapped_unless_bench_is_enabled()
    {
        await using var app = new BenchApp(enabled: false);
        var id = await app.DeclareAsAdminAsync();

        var response = await app.CreateBrowser().PostAsync($"/bench/status/publish?incidentId={id}", null);

        Assert.False(response.IsSuccessStatusCode, $"{response.StatusCode}");
        Assert.Empty(await app.UpdatesAsync(id));
        Assert.NotEqual(HttpStatusCode.OK, (await app.CreateBrowser().GetAsync("/bench/plain")).StatusCode);
    }

    [Fact]
    public async Task Even_when_enabled_only_the_machine_itself_may_publish()
    {
        await using var app = new BenchApp(enabled: true, remote: IPAddress.Parse("203.0.113.7"));
        var id = await app.DeclareAsAdminAsync();

        var response = await app.CreateBrowser().PostAsync($"/bench/status/publish?incidentId={id}", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await app.UpdatesAsync(id));
    }

    [Fact]
    public async Task With_bench_enabled_each_call_is_a_real_publish_by_the_bootstrap_admin()
    {
        await using var app = new BenchApp(enabled: true);
        var id = await app.DeclareAsAdminAsync();
        var client = app.CreateBrowser();

        var first = await client.PostAsync($"/bench/status/publish?incidentId={id}&body=First%20words", null);
        var second = await client.PostAsync($"/bench/status/publish?incidentId={id}&body=Second%20words", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var updates = await app.UpdatesAsync(id);
        Assert.Equal(["First words", "Second words"], updates.Select(u => u.Body));
        Assert.Equal(updates[1].Id, (await second.Content.ReadFromJsonAsync<Published>())!.UpdateId);
        Assert.All(updates, u => Assert.Equal("Ada Admin", u.PublishedByName));
        Assert.Equal(2, (await app.TimelineAsync(id)).Count(b => b.Contains("published a status update (Investigating)", StringComparison.Ordinal)));
        var page = await client.GetStringAsync($"/status/incidents/{id}");
        Assert.Contains("Second words", page);
    }

    [Fact]
    public async Task Refuses_an_unknown_incident_without_writing()
    {
        await using var app = new BenchApp(enabled: true);

        var response = await app.CreateBrowser().PostAsync("/bench/status/publish?incidentId=999", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }
}
