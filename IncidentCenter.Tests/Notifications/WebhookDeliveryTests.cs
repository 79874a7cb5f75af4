using System.Text.Json;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Notifications;
using IncidentCenter.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentCenter.Tests.Notifications;

/// <summary>Deliveries to a real HTTP receiver on a loopback port, driven by the fake clock.</summary>
public class WebhookDeliveryTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private WebhookReceiver _receiver = null!;
    private TestUser _admin = null!;
    private TestUser _responder = null!;

    private WebhookService Webhooks => _app.Services.GetRequiredService<WebhookService>();
    private WebhookDispatcher Dispatcher => _app.Services.GetRequiredService<WebhookDispatcher>();

    public async Task InitializeAsync()
    {
        _app = await TestApp.CreateAsync();
        _app.Services.GetRequiredService<IOptions<NotificationOptions>>().Value.PublicBaseUrl = "https://incidents.example.test/";
        _receiver = await WebhookReceiver.StartAsync();
        _admin = await _app.CreateUserAsync("Ada Admin", AppRoles.Admin);
        _responder = await _app.CreateUserAsync("Rita Responder", AppRoles.Responder);
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _app.DisposeAsync();
    }

    private Task<WebhookRow> AddHookAsync(WebhookFormat format, string? secret = null, params ProcessEventKind[] kinds) =>
        Webhooks.CreateAsync(_admin.Principal, new WebhookForm
        {
            Name = $"{format} hook {Guid.NewGuid():N}",
            Url = _receiver.Url,
            Format = format,
            Secret = secret,
            Events = kinds.Length == 0 ? [.. ProcessEventKinds.All] : [.. kinds],
        });

    private Task<DispatchResult> RunAsync() => Dispatcher.RunDueAsync(_app.Clock.UtcNow);

    private Task<List<WebhookDelivery>> DeliveriesAsync() =>
        _app.QueryAsync(db => db.WebhookDeliveries.Include(d => d.Attempts).OrderBy(d => d.Id).ToListAsync());

    [Fact]
    public async Task A_declaration_reaches_a_generic_webhook_with_the_incident_fields_and_a_valid_signature()
    {
        await AddHookAsync(WebhookFormat.Generic, secret: "s3cret");
        var incident = await _app.Incidents.DeclareAsync(_responder.Principal, new DeclareIncident { Title = "Checkout down", Severity = Severity.Sev1 });

        Assert.Empty(_receiver.Requests); // Nothing is sent while the person declares.
        var result = await RunAsync();

        Assert.Equal(new DispatchResult(1, 1, 1), result);
        var request = Assert.Single(_receiver.Requests);
        Assert.StartsWith("application/json", request.ContentType);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("declared", root.GetProperty("kind").GetString());
        Assert.Equal(incident.Id, root.GetProperty("incident_id").GetInt32());
        Assert.Equal(incident.Reference, root.GetProperty("incident_ref").GetString());
        Assert.Equal("Checkout down", root.GetProperty("title").GetString());
        Assert.Equal("SEV1", root.GetProperty("severity").GetString());
        Assert.Equal("Investigating", root.GetProperty("state").GetString());
        Assert.Equal("Declared as SEV1 by Rita Responder; Rita Responder is Incident Commander.", root.GetProperty("summary").GetString());
        Assert.Equal($"https://incidents.example.test/incidents/{incident.Reference}", root.GetProperty("url").GetString());
        Assert.Equal("2026-11-23T10:00:00Z", root.GetProperty("occurred_at").GetString());
        var delivered = Assert.Single(await DeliveriesAsync());
        var timestamp = _app.Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(delivered.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers[WebhookBodies.DeliveryHeader]);
        Assert.Equal(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers[WebhookBodies.TimestampHeader]);
        Assert.Equal(WebhookBodies.Sign("s3cret", timestamp, delivered.Id, request.Body), request.Headers[WebhookBodies.SignatureHeader]);
        Assert.Equal("declared", request.Headers[WebhookBodies.EventHeader]);

        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal(DeliveryState.Succeeded, delivery.State);
        Assert.Equal(1, delivery.AttemptCount);
        Assert.Equal(200, delivery.LastStatusCode);
        Assert.Null(delivery.NextAttemptAt);
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal((1, 200, (string?)null), (attempt.Number, attempt.StatusCode, attempt.Error));
    }

    [Fact]
    public async Task A_Slack_webhook_gets_text_and_mrkdwn_blocks_with_the_incident_text_escaped()
    {
        await AddHookAsync(WebhookFormat.Slack);
        var incident = await _app.Incidents.DeclareAsync(_responder.Principal, new DeclareIncident { Title = "<!channel> Login & SSO", Severity = Severity.Sev2 });
        await _app.Incidents.ChangeSeverityAsync(_responder.Principal, incident.Id, 0, Severity.Sev1, "Spreading to EU");

        await RunAsync();

        var bodies = _receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(2, bodies.Count);
        // Deliveries go out in parallel, so arrival order is not fixed.
        var changed = Assert.Single(bodies, b => b.GetProperty("text").GetString()!.StartsWith("Severity changed — ", StringComparison.Ordinal));
        Assert.Single(bodies, b => b.GetProperty("text").GetString()!.StartsWith("Incident declared — ", StringComparison.Ordinal));
        var blocks = changed.GetProperty("blocks");
        Assert.Equal("section", blocks[0].GetProperty("type").GetString());
        Assert.Equal("mrkdwn", blocks[0].GetProperty("text").GetProperty("type").GetString());
        var section = blocks[0].GetProperty("text").GetProperty("text").GetString()!;
        Assert.StartsWith($"*<https://incidents.example.test/incidents/{incident.Reference}|{incident.Reference}: &lt;!channel&gt; Login &amp; SSO>*\n", section);
        Assert.Contains("Severity changed from SEV2 to SEV1 by Rita Responder. Reason: Spreading to EU", section);
        Assert.DoesNotContain("<!channel>", section);
        // The top-level text is what Slack shows in notifications and parses the same way: escaped too.
        var text = changed.GetProperty("text").GetString()!;
        Assert.Equal($"Severity changed — {incident.Reference}: &lt;!channel&gt; Login &amp; SSO: Severity changed from SEV2 to SEV1 by Rita Responder. Reason: Spreading to EU", text);
        Assert.Equal("context", blocks[1].GetProperty("type").GetString());
        Assert.Equal("SEV1 · Investigating · Severity changed", blocks[1].GetProperty("elements")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Webhooks_get_only_the_kinds_they_subscribe_to_and_disabled_ones_get_nothing()
    {
        await AddHookAsync(WebhookFormat.Generic, null, ProcessEventKind.Resolved);
        var disabled = await AddHookAsync(WebhookFormat.Generic);
        await Webhooks.SetEnabledAsync(_admin.Principal, disabled.Id, disabled.Version, false);

        var incident = await _app.Incidents.DeclareAsync(_responder.Principal, new DeclareIncident { Title = "Slow search", Severity = Severity.Sev3 });
        await _app.Incidents.ChangeSeverityAsync(_responder.Principal, incident.Id, 0, Severity.Sev2);
        await _app.Incidents.ChangeStateAsync(_responder.Principal, incident.Id, 1, IncidentState.Monitoring);
        await _app.Incidents.ChangeStateAsync(_responder.Principal, incident.Id, 2, IncidentState.Resolved);

        var result = await RunAsync();

        Assert.Equal(3, result.EventsFannedOut);
        var request = Assert.Single(_receiver.Requests);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("resolved", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("Resolved", json.RootElement.GetProperty("state").GetString());
        Assert.Equal("SEV2", json.RootElement.GetProperty("severity").GetString());
        Assert.Equal(3, (await _app.QueryAsync(db => db.OutboxEvents.CountAsync(e => e.DispatchedAt != null))));
    }

    [Fact]
    public async Task A_refused_change_records_no_event()
    {
        await AddHookAsync(WebhookFormat.Generic);
        var viewer = await _app.CreateUserAsync("Vera Viewer", AppRoles.Viewer);
        var incident = await _app.Incidents.DeclareAsync(_responder.Principal, new DeclareIncident { Title = "Mail delayed", Severity = Severity.Sev3 });

        await Assert.ThrowsAnyAsync<Exception>(() => _app.Incidents.DeclareAsync(viewer.Principal, new DeclareIncident { Title = "Not allowed" }));
        await Assert.ThrowsAnyAsync<Exception>(() => _app.Incidents.ChangeSeverityAsync(_responder.Principal, incident.Id, 0, Severity.Sev3));
        await Assert.ThrowsAnyAsync<Exception>(() => _app.Incidents.ChangeSeverityAsync(_responder.Principal, incident.Id, 99, Severity.Sev1));

        Assert.Equal(["declared"], await _app.SqlAsync("SELECT json_extract(\"Payload\", '$.kind') FROM \"OutboxEvents\""));
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_on_the_backoff_schedule_until_it_succeeds()
    {
        _receiver.FailFirst = 2;
        await AddHookAsync(WebhookFormat.Generic);
        await _app.Incidents.DeclareAsync(_responder.Principal, new DeclareIncident { Title = "Payments failing", Severity = Severity.Sev1 });
        var start = _app.Clock.UtcNow;

        await RunAsync();
        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal((DeliveryState.Pending, 1, 500), (delivery.State, delivery.AttemptCount, delivery.LastStatusCode));
        Assert.Equal(start.AddSeconds(30), delivery.NextAttemptAt);
        // The status code only: what the receiver answered is neither kept nor shown.
        Assert.Equal("HTTP 500", delivery.LastError);
        Assert.Equal("HTTP 500", Assert.Single(delivery.Attempts).Error);

        _app.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, (await RunAsync()).Sent);
        Assert.Single(_receiver.Requests);

        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await RunAsync()).Sent);
        delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal((DeliveryState.Pending, 2), (delivery.State, delivery.AttemptCount));
        Assert.Equal(start.AddSeconds(30).AddMinutes(2), delivery.NextAttemptAt);

        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await RunAsync()).Succeeded);

        delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal(DeliveryState.Succeeded, delivery.State);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Null(delivery.LastError);
        Assert.Equal([(1, 500), (2, 500), (3, 200)], delivery.Attempts.OrderBy(a => a.Number).Select(a => (a.Number, a.StatusCode ?? 0)));
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.Single(_receiver.Requests.Select(r => r.Body).Distinct());
    }

    [Fact]
    public async Task A_receiver_that_always_fails_is_given_up_after_the_last_attempt_and_can_be_retried_by_hand()
    {
        _receiver.FailFirst = int.MaxValue;
        await AddHookAsync(WebhookFormat.Slack);
        await _app.Incidents.DeclareAsync(_responder.Principal, new DeclareIncident { Title = "DNS flapping", Severity = Severity.Sev2 });

        await RunAsync();
        foreach (var wait in WebhookDispatcher.Backoff)
        {
            _app.Clock.Advance(wait);
            Assert.Equal(1, (await RunAsync()).Sent);
        }

        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal((DeliveryState.Failed, WebhookDispatcher.MaxAttempts), (delivery.State, delivery.AttemptCount));
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(5, _receiver.Requests.Count);

        _app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await RunAsync()).Sent);

        _receiver.FailFirst = 0;
        await Webhooks.RetryNowAsync(_admin.Principal, delivery.Id);
        Assert.Equal(1, (await RunAsync()).Succeeded);
        delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal((DeliveryState.Succeeded, 6), (delivery.State, delivery.AttemptCount));
        var log = await Webhooks.DeliveriesAsync(_admin.Principal);
        Assert.Equal(DeliveryState.Succeeded, Assert.Single(log).State);
    }

    [Fact]
    public async Task Declaring_succeeds_when_the_receiver_is_down_and_the_failure_is_logged_for_a_retry()
    {
        var down = await WebhookReceiver.StartAsync();
        var deadUrl = down.Url;
        await down.DisposeAsync();
        await Webhooks.CreateAsync(_admin.Principal, new WebhookForm { Name = "Gone", Url = deadUrl, Format = WebhookFormat.Generic });

        var incident = await _app.Incidents.DeclareAsync(_responder.Principal, new DeclareIncident { Title = "Disk full", Severity = Severity.Sev2 });
        Assert.True(incident.Id > 0);
        await RunAsync();

        var row = Assert.Single(await Webhooks.DeliveriesAsync(_admin.Principal));
        Assert.Equal((DeliveryState.Pending, 1, (int?)null), (row.State, row.AttemptCount, row.LastStatusCode));
        Assert.False(string.IsNullOrEmpty(row.LastError));
        Assert.Equal(_app.Clock.UtcNow.AddSeconds(30), row.NextAttemptAt);
        Assert.Equal(incident.Reference, row.IncidentRef);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_counts_as_a_failed_attempt()
    {
        _app.Services.GetRequiredService<IOptions<NotificationOptions>>().Value.TimeoutSeconds = 1;
        _receiver.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await AddHookAsync(WebhookFormat.Generic);
        await _app.Incidents.DeclareAsync(_responder.Principal, new DeclareIncident { Title = "Hanging", Severity = Severity.Sev3 });

        Assert.Equal(0, (await RunAsync()).Succeeded);

        var row = Assert.Single(await Webhooks.DeliveriesAsync(_admin.Principal));
        Assert.Equal((DeliveryState.Pending, "No answer within 1 s."), (row.State, row.LastError));
        var attempt = Assert.Single(row.Attempts);
        Assert.Equal((1, (int?)null), (attempt.Number, attempt.StatusCode));
        Assert.InRange(attempt.DurationMs, 900, 30_000);
    }

    [Fact]
    public async Task Declaring_does_not_wait_for_a_slow_receiver()
    {
        await AddHookAsync(WebhookFormat.Generic);
        await _app.Incidents.DeclareAsync(_responder.Principal, new DeclareIncident { Title = "First", Severity = Severity.Sev3 });
        _receiver.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var sending = RunAsync();
        await _receiver.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The receiver holds the first delivery; people keep working meanwhile.
        var second = await _app.Incidents.DeclareAsync(_responder.Principal, new DeclareIncident { Title = "Second", Severity = Severity.Sev3 });
        await _app.Incidents.ChangeStateAsync(_responder.Principal, second.Id, 0, IncidentState.Resolved);
        Assert.False(sending.IsCompleted);

        _receiver.Hold.SetResult();
        Assert.Equal(1, (await sending).Succeeded);
        Assert.Equal(2, (await RunAsync()).Succeeded);
    }

    [Fact]
    public async Task Finished_deliveries_are_forgotten_after_the_retention_period_but_pending_ones_are_kept()
    {
        await AddHookAsync(WebhookFormat.Generic);
        var paused = await Webhooks.CreateAsync(_admin.Principal, new WebhookForm { Name = "Nobody there", Url = "http://127.0.0.1:9/never" });
        await _app.Incidents.DeclareAsync(_responder.Principal, new DeclareIncident { Title = "Old news", Severity = Severity.Sev4 });
        await RunAsync();
        // Its failed delivery stays pending while the webhook is disabled.
        await Webhooks.SetEnabledAsync(_admin.Principal, paused.Id, paused.Version, false);
        Assert.Equal([DeliveryState.Pending, DeliveryState.Succeeded], (await DeliveriesAsync()).Select(d => d.State).Order());

        _app.Clock.Advance(WebhookDispatcher.Retention + TimeSpan.FromHours(2));
        var recent = await _app.Incidents.DeclareAsync(_responder.Principal, new DeclareIncident { Title = "Recent", Severity = Severity.Sev4 });
        await RunAsync();

        // The old event stays while the paused webhook's delivery is pending; the delivered one is kept with it.
        Assert.Equal(2, await _app.QueryAsync(db => db.OutboxEvents.CountAsync()));

        await Webhooks.DeleteAsync(_admin.Principal, paused.Id, paused.Version + 1);
        Assert.Equal(1, await Dispatcher.PruneAsync(_app.Clock.UtcNow, default));
        var left = Assert.Single(await Webhooks.DeliveriesAsync(_admin.Principal));
        Assert.Equal(recent.Reference, left.IncidentRef);
        Assert.Equal(1, await _app.QueryAsync(db => db.OutboxEvents.CountAsync()));
        Assert.Equal(["1"], await _app.SqlAsync("SELECT COUNT(*) FROM \"WebhookAttempts\""));
    }

    [Fact]
    public async Task An_incident_opened_by_an_alert_is_announced_like_any_other()
    {
        await AddHookAsync(WebhookFormat.Generic);
        var token = await _app.Services.GetRequiredService<IncidentCenter.Intake.ApiTokenService>().CreateAsync(_admin.Principal, "Alertmanager");
        var alerts = IncidentCenter.Intake.AlertPayloads.ParseGeneric(
            """{ "title": "Queue depth — über 10k", "severity": "critical", "fingerprint": "q-1", "status": "firing" }"""u8.ToArray());

        await _app.Services.GetRequiredService<IncidentCenter.Intake.AlertIntakeService>().ProcessAsync(token.Token.Id, alerts);
        await RunAsync();

        var request = Assert.Single(_receiver.Requests);
        Assert.Contains("Queue depth — über 10k", request.Body); // Readable, not \u-escaped.
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal(("declared", "SEV1"), (json.RootElement.GetProperty("kind").GetString(), json.RootElement.GetProperty("severity").GetString()));
        Assert.Equal("Declared as SEV1 by Alerts: Alertmanager; Alerts: Alertmanager is Incident Commander.", json.RootElement.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Send_test_delivers_a_sample_to_that_webhook_only_and_shows_in_the_log()
    {
        var hook = await AddHookAsync(WebhookFormat.Generic);
        var other = await AddHookAsync(WebhookFormat.Generic);

        var deliveryId = await Webhooks.SendTestAsync(_admin.Principal, hook.Id);
        await RunAsync();

        var request = Assert.Single(_receiver.Requests);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("test", json.RootElement.GetProperty("kind").GetString());
        Assert.Contains("Ada Admin sent this test", json.RootElement.GetProperty("summary").GetString());
        var row = Assert.Single(await Webhooks.DeliveriesAsync(_admin.Principal));
        Assert.Equal((deliveryId, hook.Id, "test", DeliveryState.Succeeded), (row.Id, row.WebhookId, row.Event, row.State));
        Assert.NotEqual(other.Id, row.WebhookId);
    }
}
