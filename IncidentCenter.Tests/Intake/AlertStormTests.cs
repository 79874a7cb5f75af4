using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IncidentCenter.Accounts;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Intake;
using IncidentCenter.Tests.Support;
using IncidentCenter.Tests.Web;
using IncidentCenter.Timeline;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Intake;

/// <summary>The app with small intake limits: 3 requests per minute and 5 open incidents per token.</summary>
public sealed class StormApp() : AppFactory(bootstrapAdmin: true, signInAttemptsPerMinute: 1000)
{
    public const int RequestsPerMinute = 3;
    public const int MaxOpenIncidents = 5;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Intake:RequestsPerMinutePerToken", RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Intake:MaxOpenIncidentsPerToken", MaxOpenIncidents.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Intake:StormWindowMinutes", "60");
    }
}

/// <summary>Alert storms stay bounded: a per-token rate limit, a cap on incidents per token, clipped names.</summary>
public class AlertStormTests(StormApp app) : IClassFixture<StormApp>
{
    private const string AlertmanagerUrl = "/api/alerts/alertmanager";

    private async Task<CreatedApiToken> NewTokenAsync(string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(AppFactory.AdminEmail))!.Id;
        return await app.Services.GetRequiredService<ApiTokenService>().CreateAsync(TestApp.Principal(admin), name);
    }

    private async Task<HttpResponseMessage> PostAsync(string token, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AlertmanagerUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await app.CreateClient().SendAsync(request);
    }

    private static string Payload(IEnumerable<(string Status, string Fingerprint, string Name, string Summary)> alerts) =>
        JsonSerializer.Serialize(new
        {
            version = "4",
            status = "firing",
            alerts = alerts.Select(a => new
            {
                status = a.Status,
                labels = new Dictionary<string, string> { ["alertname"] = a.Name, ["severity"] = "critical", ["instance"] = a.Fingerprint },
                annotations = new Dictionary<string, string> { ["summary"] = a.Summary },
                fingerprint = a.Fingerprint,
            }),
        });

    private static async Task<List<(string Fingerprint, string Action, string? Incident)>> OutcomesAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("alerts").EnumerateArray()
            .Select(a => (a.GetProperty("fingerprint").GetString()!, a.GetProperty("action").GetString()!, a.GetProperty("incident").GetString()))];
    }

    private async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    [Fact]
    public async Task A_token_over_its_rate_gets_429_with_Retry_After_and_other_tokens_are_not_slowed()
    {
        var noisy = await NewTokenAsync("Noisy");
        var quiet = await NewTokenAsync("Quiet");
        var resolvedOnly = Payload([("resolved", $"rate-{Guid.NewGuid():N}", "Disk", "Disk full")]);
        for (var i = 0; i < StormApp.RequestsPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(noisy.Value, resolvedOnly)).StatusCode);
        }
        var before = await DbAsync(db => db.Incidents.CountAsync());

        var refused = await PostAsync(noisy.Value, Payload([("firing", $"rate-{Guid.NewGuid():N}", "Disk", "Disk full")]));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(before, await DbAsync(db => db.Incidents.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(quiet.Value, resolvedOnly)).StatusCode);
    }

    [Fact]
    public async Task A_fingerprint_listed_again_in_the_same_payload_finds_the_link_made_for_it_earlier_in_that_payload()
    {
        var token = await NewTokenAsync("Repeats");
        var run = Guid.NewGuid().ToString("N")[..8];
        // Within the cap (5): a declared alert that repeats, then resolves, in one payload.
        // Beyond the cap: a storm alert that repeats, then resolves, in the same payload.
        var alerts = new List<(string, string, string, string)> { ("firing", $"{run}-a", "Api", "Api down"), ("firing", $"{run}-a", "Api", "Api down") };
        alerts.AddRange(Enumerable.Range(0, StormApp.MaxOpenIncidents).Select(i => ("firing", $"{run}-fill-{i}", $"Fill{i}", "Fill")));
        alerts.AddRange([("firing", $"{run}-s", "Disk", "Disk full"), ("firing", $"{run}-s", "Disk", "Disk full"), ("resolved", $"{run}-s", "Disk", "Disk full"), ("resolved", $"{run}-a", "Api", "Api down")]);

        var outcomes = await OutcomesAsync(await PostAsync(token.Value, Payload(alerts)));

        Assert.Equal(["declared", "repeat"], outcomes.Where(o => o.Fingerprint == $"{run}-a").Select(o => o.Action).Take(2));
        Assert.Equal("resolved", outcomes.Last().Action);
        Assert.Equal(["storm", "repeat", "resolved"], outcomes.Where(o => o.Fingerprint == $"{run}-s").Select(o => o.Action));
        var links = await DbAsync(db => db.AlertLinks.Where(l => l.Fingerprint == $"{run}-a" || l.Fingerprint == $"{run}-s").ToListAsync());
        Assert.Equal(2, links.Count);
        Assert.All(links, l => Assert.False(l.IsFiring));
        Assert.Equal(1, links.Single(l => l.Fingerprint == $"{run}-a").RepeatCount);
    }

    [Fact]
    public async Task A_thousand_new_alerts_open_the_capped_incidents_and_one_storm_incident_with_one_entry()
    {
        var token = await NewTokenAsync("Storm source");
        var longName = new string('N', 5_000);
        var longSummary = new string('S', 5_000);
        var run = Guid.NewGuid().ToString("N")[..8];
        var alerts = Enumerable.Range(0, 1000)
            .Select(i => ("firing", $"{run}-{i}", i % 100 == 0 ? longName : $"Alert{i}", i % 100 == 0 ? longSummary : $"Summary {i}"))
            .ToList();

        var outcomes = await OutcomesAsync(await PostAsync(token.Value, Payload(alerts)));

        Assert.Equal(1000, outcomes.Count);
        Assert.Equal(StormApp.MaxOpenIncidents, outcomes.Count(o => o.Action == "declared"));
        var storm = outcomes.Where(o => o.Action == "storm").ToList();
        Assert.Equal(1000 - StormApp.MaxOpenIncidents, storm.Count);
        var stormReference = Assert.Single(storm.Select(o => o.Incident).Distinct());
        Assert.True(IncidentReference.TryParse(stormReference, out var stormId));

        var actor = $"api-token:{token.Token.Id}";
        var declared = await DbAsync(db => db.Incidents.Where(i => i.DeclaredById == actor).ToListAsync());
        Assert.Equal(StormApp.MaxOpenIncidents + 1, declared.Count);
        Assert.All(declared, i => Assert.True(i.Title.Length <= DeclareIncident.TitleMaxLength, $"title of {i.Title.Length} characters"));
        Assert.Equal("Alert storm: Storm source", declared.Single(i => i.Id == stormId).Title);
        var ids = declared.Select(i => i.Id).ToList();
        var entries = await DbAsync(db => db.TimelineEntries.Where(t => ids.Contains(t.IncidentId)).ToListAsync());
        Assert.All(entries, e => Assert.True(e.Text.Length <= TimelineDraft.TextMaxLength, $"entry of {e.Text.Length} characters"));
        Assert.DoesNotContain(entries, e => e.Text.Contains(longName, StringComparison.Ordinal));
        var joined = Assert.Single(entries, e => e.IncidentId == stormId && e.Text.StartsWith("Alert storm, new alerts joined", StringComparison.Ordinal));
        Assert.Contains($": {1000 - StormApp.MaxOpenIncidents}.", joined.Text);
        Assert.Contains("and 975 more", joined.Text);
        Assert.All(await DbAsync(db => db.AlertLinks.Where(l => l.Fingerprint.StartsWith(run)).ToListAsync()),
            l => Assert.True(l.AlertName.Length <= AlertLink.NameMaxLength));

        // The next payload's new alerts join the same storm in one more entry; resolutions are one entry too.
        var next = Enumerable.Range(1000, 10).Select(i => ("firing", $"{run}-{i}", $"Alert{i}", $"Summary {i}"))
            .Concat(Enumerable.Range(500, 3).Select(i => ("resolved", $"{run}-{i}", $"Alert{i}", $"Summary {i}")));
        var second = await OutcomesAsync(await PostAsync(token.Value, Payload(next)));

        Assert.Equal(10, second.Count(o => o.Action == "storm" && o.Incident == stormReference));
        Assert.Equal(3, second.Count(o => o.Action == "resolved" && o.Incident == stormReference));
        Assert.Equal(StormApp.MaxOpenIncidents + 1, await DbAsync(db => db.Incidents.CountAsync(i => i.DeclaredById == actor)));
        var stormEntries = await DbAsync(db => db.TimelineEntries.Where(t => t.IncidentId == stormId && t.Text.StartsWith("Alert storm, ")).Select(t => t.Text).ToListAsync());
        Assert.Equal(3, stormEntries.Count);
        Assert.Single(stormEntries, t => t.StartsWith("Alert storm, new alerts joined: 10.", StringComparison.Ordinal));
        Assert.Single(stormEntries, t => t.StartsWith("Alert storm, alerts resolved: 3.", StringComparison.Ordinal));
    }

    [Fact]
    public void Long_names_and_titles_are_clipped_to_the_field_limits()
    {
        var body = Payload([("firing", "fp-clip", new string('n', 1_000), new string('t', 1_000))]);

        var alert = Assert.Single(AlertPayloads.ParseAlertmanager(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(AlertLink.NameMaxLength, alert.Name.Length);
        Assert.EndsWith("…", alert.Name);
        Assert.Equal(DeclareIncident.TitleMaxLength, alert.Title.Length);
        var generic = Assert.Single(AlertPayloads.ParseGeneric(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(new { title = new string('g', 1_000), fingerprint = "g", status = "firing", severity = new string('s', 500) }))));
        Assert.Equal(AlertLink.NameMaxLength, generic.Name.Length);
        Assert.Equal(AlertPayloads.LabelMaxLength, generic.SeverityText!.Length);
    }
}
