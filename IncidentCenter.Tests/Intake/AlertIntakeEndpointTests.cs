using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IncidentCenter.Accounts;
using IncidentCenter.Catalog;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using IncidentCenter.Intake;
using IncidentCenter.Tests.Support;
using IncidentCenter.Tests.Web;
using IncidentCenter.Timeline;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.Intake;

/// <summary>Alertmanager and generic alerts posted over HTTP to the whole app, as Alertmanager would send them.</summary>
public class AlertIntakeEndpointTests(AppWithAdmin app) : IClassFixture<AppWithAdmin>
{
    private const string AlertmanagerUrl = "/api/alerts/alertmanager";
    private const string GenericUrl = "/api/alerts/generic";

    private async Task<System.Security.Claims.ClaimsPrincipal> AdminAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var id = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(AppFactory.AdminEmail))!.Id;
        return TestApp.Principal(id);
    }

    private async Task<CreatedApiToken> NewTokenAsync(string name = "Alertmanager (prod)") =>
        await app.Services.GetRequiredService<ApiTokenService>().CreateAsync(await AdminAsync(), name);

    private async Task<HttpResponseMessage> PostAsync(string url, string? token, string body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await app.CreateClient().SendAsync(request);
    }

    private static string Rfc3339Nanos(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture) + "42Z";

    /// <summary>The shape Alertmanager's webhook_config sends (version 4), with nanosecond times as Go writes them.</summary>
    private static string Alertmanager(string status, params (string Status, string Fingerprint, string Severity, string Job)[] alerts)
    {
        var startsAt = Rfc3339Nanos(DateTime.UtcNow.AddMinutes(-3));
        var items = alerts.Select(a => $$"""
            {
              "status": "{{a.Status}}",
              "labels": { "alertname": "HighErrorRate", "instance": "api-1:9090", "job": "{{a.Job}}", "severity": "{{a.Severity}}" },
              "annotations": { "summary": "{{a.Job}} error rate above 10%", "description": "5xx ratio is 14% over 5 minutes.", "runbook_url": "https://runbooks.example.test/5xx" },
              "startsAt": "{{startsAt}}",
              "endsAt": "{{(a.Status == "resolved" ? Rfc3339Nanos(DateTime.UtcNow.AddSeconds(-20)) : "0001-01-01T00:00:00Z")}}",
              "generatorURL": "http://prometheus:9090/graph?g0.expr=rate%28http_requests_total%7Bcode%3D~%225..%22%7D%5B5m%5D%29",
              "fingerprint": "{{a.Fingerprint}}"
            }
            """);
        return $$"""
            {
              "receiver": "incidentcenter",
              "status": "{{status}}",
              "alerts": [ {{string.Join(",", items)}} ],
              "groupLabels": { "alertname": "HighErrorRate" },
              "commonLabels": { "alertname": "HighErrorRate" },
              "commonAnnotations": {},
              "externalURL": "http://alertmanager:9093",
              "version": "4",
              "groupKey": "{}:{alertname=\"HighErrorRate\"}",
              "truncatedAlerts": 0
            }
            """;
    }

    private static int IdOf(string? reference) => IncidentReference.TryParse(reference, out var id) ? id : throw new Xunit.Sdk.XunitException($"No incident reference: {reference}");

    private static string NewFingerprint() => Guid.NewGuid().ToString("N")[..16];

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<(string Action, string? Incident)> SingleOutcomeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var alert = Assert.Single((await JsonAsync(response)).GetProperty("alerts").EnumerateArray());
        return (alert.GetProperty("action").GetString()!, alert.GetProperty("incident").GetString());
    }

    private async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task<List<string>> TimelineAsync(int incidentId) =>
        DbAsync(db => db.TimelineEntries.Where(t => t.IncidentId == incidentId).OrderBy(t => t.Id).Select(t => t.Text).ToListAsync());

    private Task<(int Incidents, int Entries, int Links)> CountsAsync() => DbAsync(async db =>
        (await db.Incidents.CountAsync(), await db.TimelineEntries.CountAsync(), await db.AlertLinks.CountAsync()));

    [Fact]
    public async Task A_firing_alert_declares_one_incident_repeats_add_nothing_and_resolution_is_recorded()
    {
        var token = await NewTokenAsync();
        var admin = await AdminAsync();
        await app.Services.GetRequiredService<ServiceCatalog>().AddAsync(admin, "Checkout-" + token.Token.Id, null);
        var fingerprint = NewFingerprint();
        var job = "checkout-" + token.Token.Id;

        var (action, reference) = await SingleOutcomeAsync(await PostAsync(AlertmanagerUrl, token.Value, Alertmanager("firing", ("firing", fingerprint, "critical", job))));

        Assert.Equal("declared", action);
        Assert.True(IncidentReference.TryParse(reference, out var incidentId));
        var incident = await DbAsync(db => db.Incidents.Include(i => i.Services).ThenInclude(s => s.Service).SingleAsync(i => i.Id == incidentId));
        Assert.Equal($"{job} error rate above 10%", incident.Title);
        Assert.Equal(Severity.Sev1, incident.Severity);
        Assert.Equal(IncidentState.Investigating, incident.State);
        Assert.Equal($"api-token:{token.Token.Id}", incident.DeclaredById);
        Assert.Equal("Alerts: Alertmanager (prod)", incident.CommanderName);
        Assert.Equal(["Checkout-" + token.Token.Id], incident.Services.Select(s => s.Service!.Name));
        Assert.Contains("5xx ratio is 14% over 5 minutes.", incident.Description);
        Assert.Contains("https://runbooks.example.test/5xx", incident.Description);
        Assert.InRange(incident.DetectedAt, DateTime.UtcNow.AddMinutes(-4), DateTime.UtcNow.AddMinutes(-2));
        var timeline = await TimelineAsync(incidentId);
        Assert.Contains(timeline, t => t == "Problem detected.");
        Assert.Contains(timeline, t => t.StartsWith("Incident declared as SEV1 by Alerts: Alertmanager (prod)", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t == $"Opened by alert HighErrorRate (alertmanager, fingerprint {fingerprint}). Severity \"critical\" → SEV1.");
        Assert.Equal(1, await DbAsync(db => db.OutboxEvents.CountAsync(e => e.IncidentId == incidentId)));

        // Alertmanager repeats a firing group every repeat_interval: the incident stays as it is.
        var before = await CountsAsync();
        Assert.Equal(("repeat", reference), await SingleOutcomeAsync(await PostAsync(AlertmanagerUrl, token.Value, Alertmanager("firing", ("firing", fingerprint, "critical", job)))));
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(1, await DbAsync(db => db.AlertLinks.Where(l => l.Fingerprint == fingerprint).Select(l => l.RepeatCount).SingleAsync()));

        Assert.Equal(("resolved", reference), await SingleOutcomeAsync(await PostAsync(AlertmanagerUrl, token.Value, Alertmanager("resolved", ("resolved", fingerprint, "critical", job)))));
        var afterResolve = await TimelineAsync(incidentId);
        Assert.Single(afterResolve, t => t.StartsWith("Alert HighErrorRate resolved (ended ", StringComparison.Ordinal));
        Assert.Equal(IncidentState.Investigating, await DbAsync(db => db.Incidents.Where(i => i.Id == incidentId).Select(i => i.State).SingleAsync()));

        Assert.Equal(("added", reference), await SingleOutcomeAsync(await PostAsync(AlertmanagerUrl, token.Value, Alertmanager("firing", ("firing", fingerprint, "critical", job)))));
        Assert.Single(await TimelineAsync(incidentId), t => t == $"Alert HighErrorRate is firing again: {job} error rate above 10%");
        Assert.Equal(1, await DbAsync(db => db.AlertLinks.CountAsync(l => l.Fingerprint == fingerprint)));
        Assert.NotNull(await DbAsync(db => db.ApiTokens.Where(t => t.Id == token.Token.Id).Select(t => t.LastUsedAt).SingleAsync()));
    }

    [Fact]
    public async Task Once_people_resolve_the_incident_the_same_alert_firing_opens_a_new_one()
    {
        var token = await NewTokenAsync();
        var fingerprint = NewFingerprint();
        var (_, first) = await SingleOutcomeAsync(await PostAsync(AlertmanagerUrl, token.Value, Alertmanager("firing", ("firing", fingerprint, "warning", "search"))));
        IncidentReference.TryParse(first, out var firstId);
        await app.Services.GetRequiredService<IncidentService>().ChangeStateAsync(await AdminAsync(), firstId, 0, IncidentState.Resolved);

        var (action, second) = await SingleOutcomeAsync(await PostAsync(AlertmanagerUrl, token.Value, Alertmanager("firing", ("firing", fingerprint, "warning", "search"))));

        Assert.Equal("declared", action);
        Assert.NotEqual(first, second);
        Assert.Equal(Severity.Sev3, await DbAsync(db => db.Incidents.Where(i => i.Id == IdOf(second)).Select(i => i.Severity).SingleAsync()));
    }

    [Fact]
    public async Task Each_alert_of_a_group_is_handled_and_unknown_severities_are_declared_as_SEV3_with_a_note()
    {
        var token = await NewTokenAsync();
        var (a, b) = (NewFingerprint(), NewFingerprint());

        var response = await PostAsync(AlertmanagerUrl, token.Value, Alertmanager("firing", ("firing", a, "bogus", "api"), ("firing", b, "info", "no-such-service"), ("resolved", NewFingerprint(), "info", "api")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcomes = (await JsonAsync(response)).GetProperty("alerts").EnumerateArray()
            .Select(e => (e.GetProperty("fingerprint").GetString(), e.GetProperty("action").GetString())).ToList();
        Assert.Equal([(a, "declared"), (b, "declared"), (outcomes[2].Item1, "ignored")], outcomes);
        var incidents = await DbAsync(db => db.AlertLinks.Where(l => l.Fingerprint == a || l.Fingerprint == b)
            .Join(db.Incidents, l => l.IncidentId, i => i.Id, (l, i) => new { l.Fingerprint, i.Id, i.Severity }).ToListAsync());
        Assert.Equal(Severity.Sev3, incidents.Single(i => i.Fingerprint == a).Severity);
        Assert.Equal(Severity.Sev4, incidents.Single(i => i.Fingerprint == b).Severity);
        Assert.Contains(await TimelineAsync(incidents.Single(i => i.Fingerprint == a).Id), t => t.Contains("Severity \"bogus\" is not one we map: declared as SEV3.", StringComparison.Ordinal));
        Assert.Contains(await TimelineAsync(incidents.Single(i => i.Fingerprint == b).Id), t => t.EndsWith("Service \"no-such-service\" is not in the catalog.", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> BadPayloads() => new()
    {
        { "{ \"version\": \"4\", \"alerts\": [ { \"status\": \"firing\", ", "The body is not valid JSON" },
        { "not json at all", "The body is not valid JSON" },
        { "[1, 2, 3]", "The body must be a JSON object" },
        { "{ \"version\": \"4\", \"status\": \"firing\" }", "\"alerts\" is missing" },
        { "{ \"version\": \"3\", \"alerts\": [] }", "\"version\" is \"3\"" },
        { "{ \"version\": \"4\", \"alerts\": [ { \"labels\": { \"alertname\": \"X\" }, \"fingerprint\": \"f\" } ] }", "alerts[0].status is missing" },
        { "{ \"version\": \"4\", \"alerts\": [ { \"status\": \"pending\", \"labels\": {} } ] }", "alerts[0].status is \"pending\"" },
        { "{ \"version\": \"4\", \"alerts\": [ { \"status\": \"firing\", \"annotations\": {} } ] }", "alerts[0].labels is missing" },
        { "{ \"version\": \"4\", \"alerts\": [ { \"status\": \"firing\", \"labels\": [\"a\"] } ] }", "the value at $.alerts[0].labels has the wrong type" },
        { "", "The body is empty" },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public async Task A_bad_Alertmanager_payload_gets_a_400_problem_saying_what_is_wrong_and_writes_nothing(string body, string expected)
    {
        var token = await NewTokenAsync();
        var before = await CountsAsync();

        var response = await PostAsync(AlertmanagerUrl, token.Value, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, (await JsonAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_payload_with_one_bad_alert_after_good_ones_is_refused_whole()
    {
        var token = await NewTokenAsync();
        var good = Alertmanager("firing", ("firing", NewFingerprint(), "critical", "api"));
        var body = good.Replace("\"alerts\": [ {", "\"alerts\": [ { \"status\": \"firing\", \"labels\": { \"alertname\": \"Fine\" } }, { \"status\": \"exploded\", \"labels\": {} }, {", StringComparison.Ordinal);
        var before = await CountsAsync();

        var response = await PostAsync(AlertmanagerUrl, token.Value, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("alerts[1].status is \"exploded\"", (await JsonAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Without_a_token_with_a_wrong_one_or_a_revoked_one_the_answer_is_401_and_nothing_is_written()
    {
        var token = await NewTokenAsync("Short-lived");
        var body = Alertmanager("firing", ("firing", NewFingerprint(), "critical", "api"));
        var before = await CountsAsync();

        var none = await PostAsync(AlertmanagerUrl, null, body);
        var wrong = await PostAsync(AlertmanagerUrl, token.Value + "x", body);
        var made = await PostAsync(AlertmanagerUrl, ApiTokenService.NewValue(), body);
        Assert.Equal(before, await CountsAsync());

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(GenericUrl, token.Value, """{ "title": "Before revocation", "fingerprint": "rev-1", "status": "resolved" }""")).StatusCode);
        await app.Services.GetRequiredService<ApiTokenService>().RevokeAsync(await AdminAsync(), token.Token.Id);
        var revoked = await PostAsync(AlertmanagerUrl, token.Value, body);

        foreach (var response in new[] { none, wrong, made, revoked })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Contains("Authorization: Bearer", (await JsonAsync(none)).GetProperty("detail").GetString());
        Assert.Contains("not valid or has been revoked", (await JsonAsync(revoked)).GetProperty("detail").GetString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_signed_in_browser_cookie_is_not_a_token()
    {
        var browser = app.CreateBrowser();
        var login = await browser.GetPageAsync("/account/login");
        await browser.PostAsync("/account/login", Browser.FormFrom(login, "login", ("Input.Email", AppFactory.AdminEmail), ("Input.Password", AppFactory.AdminPassword)));

        var response = await browser.PostAsync(GenericUrl, new StringContent("""{ "title": "x", "fingerprint": "cookie", "status": "firing" }""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/settings")]
    [InlineData("/settings/webhooks")]
    [InlineData("/settings/api-tokens")]
    public async Task The_integrations_pages_send_anonymous_visitors_to_sign_in(string path)
    {
        var response = await app.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.LocationPath());
    }

    [Fact]
    public async Task Wrong_content_type_is_415_and_an_oversized_body_is_413()
    {
        var token = await NewTokenAsync();
        var before = await CountsAsync();

        var form = await PostAsync(AlertmanagerUrl, token.Value, "status=firing", "application/x-www-form-urlencoded");
        var text = await PostAsync(GenericUrl, token.Value, """{ "title": "x", "fingerprint": "y", "status": "firing" }""", "text/plain");
        var huge = await PostAsync(AlertmanagerUrl, token.Value, "{\"alerts\": [], \"padding\": \"" + new string('x', AlertEndpoints.MaxBodyBytes) + "\"}");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Contains("application/json", (await JsonAsync(text)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_generic_form_declares_maps_severity_and_service_and_records_resolution()
    {
        var token = await NewTokenAsync("Uptime checker");
        var admin = await AdminAsync();
        var serviceName = "Status-" + token.Token.Id;
        await app.Services.GetRequiredService<ServiceCatalog>().AddAsync(admin, serviceName, null);
        var fingerprint = "uptime/" + NewFingerprint();

        var (action, reference) = await SingleOutcomeAsync(await PostAsync(GenericUrl, token.Value,
            $$"""{ "title": "Homepage not answering", "severity": "high", "service": "{{serviceName.ToUpperInvariant()}}", "fingerprint": "{{fingerprint}}", "status": "firing", "description": "3 of 3 probes failed" }"""));

        Assert.Equal("declared", action);
        var incident = await DbAsync(db => db.Incidents.Include(i => i.Services).ThenInclude(s => s.Service).SingleAsync(i => i.Id == IdOf(reference)));
        Assert.Equal(("Homepage not answering", Severity.Sev2, "3 of 3 probes failed"), (incident.Title, incident.Severity, incident.Description));
        Assert.Equal([serviceName], incident.Services.Select(s => s.Service!.Name));

        Assert.Equal(("resolved", reference), await SingleOutcomeAsync(await PostAsync(GenericUrl, token.Value,
            $$"""{ "title": "Homepage not answering", "fingerprint": "{{fingerprint}}", "status": "resolved" }""")));
        Assert.Contains(await TimelineAsync(incident.Id), t => t.StartsWith("Alert Homepage not answering resolved", StringComparison.Ordinal));

        var missing = await PostAsync(GenericUrl, token.Value, """{ "severity": "high", "status": "firing" }""");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("Missing \"title\", \"fingerprint\"", (await JsonAsync(missing)).GetProperty("detail").GetString());
    }
}
