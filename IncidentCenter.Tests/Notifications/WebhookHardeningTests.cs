using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using IncidentCenter.Accounts;
using IncidentCenter.Incidents;
using IncidentCenter.Notifications;
using IncidentCenter.Shared;
using IncidentCenter.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentCenter.Tests.Notifications;

/// <summary>Answers chosen by the test for chosen names, in order (the last answer repeats); other names go to DNS.</summary>
public sealed class ScriptedResolver : HostResolver
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<IPAddress[]>> _answers = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Asked { get; } = new();

    public void Answer(string host, params IPAddress[][] answers) => _answers[host] = new(answers);

    public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        Asked.Enqueue(host);
        if (!_answers.TryGetValue(host, out var queue))
        {
            return base.ResolveAsync(host, ct);
        }
        if (queue.Count > 1 && queue.TryDequeue(out var next))
        {
            return Task.FromResult(next);
        }
        return queue.TryPeek(out var last) ? Task.FromResult(last) : throw new SocketException((int)SocketError.HostNotFound);
    }
}

/// <summary>Issue 11 item 9: where webhooks may go, what is kept of the answer, what is logged, what is signed.</summary>
public class WebhookHardeningTests : IAsyncLifetime
{
    private static readonly IPAddress Public = IPAddress.Parse("93.184.216.34");

    private readonly List<TestApp> _apps = [];
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    private sealed record Setup(TestApp App, TestUser Admin, TestUser Responder, ScriptedResolver Resolver, CapturedLog Log)
    {
        public WebhookService Webhooks => App.Services.GetRequiredService<WebhookService>();
        public WebhookDispatcher Dispatcher => App.Services.GetRequiredService<WebhookDispatcher>();

        public Task<DispatchResult> RunAsync() => Dispatcher.RunDueAsync(App.Clock.UtcNow);

        public Task<WebhookRow> AddAsync(string url, string? secret = null) =>
            Webhooks.CreateAsync(Admin.Principal, new WebhookForm { Name = $"Hook {Guid.NewGuid():N}", Url = url, Format = WebhookFormat.Generic, Secret = secret });

        public Task<Incident> DeclareAsync(string title) =>
            App.Incidents.DeclareAsync(Responder.Principal, new DeclareIncident { Title = title, Severity = Severity.Sev2 });
    }

    private async Task<Setup> StartAsync(bool allowLoopback)
    {
        var resolver = new ScriptedResolver();
        var log = new CapturedLog();
        var app = await TestApp.CreateAsync(allowLoopbackWebhooks: allowLoopback, services: s =>
        {
            s.AddSingleton<HostResolver>(resolver);
            s.AddSingleton<ILoggerProvider>(log);
        });
        _apps.Add(app);
        return new Setup(app, await app.CreateUserAsync("Ada Admin", AppRoles.Admin), await app.CreateUserAsync("Rita Responder", AppRoles.Responder), resolver, log);
    }

    private int Port => new Uri(_receiver.Url).Port;

    // ---- 1. Public addresses only ----

    [Theory]
    [InlineData("http://127.0.0.1:{port}/hook")]
    [InlineData("http://[::1]:{port}/hook")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.8/hook")]
    [InlineData("https://192.168.1.20/hook")]
    [InlineData("http://[fd00::5]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://0.0.0.0:{port}/hook")]
    [InlineData("http://2130706433:{port}/hook")] // 127.0.0.1 as one number
    public async Task Saving_a_webhook_with_a_literal_private_address_is_refused_with_a_clear_message(string template)
    {
        var s = await StartAsync(allowLoopback: false);
        var form = new WebhookForm { Name = "Internal", Url = template.Replace("{port}", Port.ToString(CultureInfo.InvariantCulture)) };
        var typed = form.Url;

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => s.Webhooks.CreateAsync(s.Admin.Principal, form));

        Assert.Contains("private, loopback or link-local address", ex.Message);
        Assert.Contains("Webhooks:AllowedAddresses", ex.Message);
        Assert.Equal(typed, form.Url); // The form keeps what was typed.
        Assert.Empty(await s.Webhooks.ListAsync(s.Admin.Principal));
    }

    [Fact]
    public async Task A_name_resolving_to_loopback_is_refused_without_the_allow_list_and_delivered_with_it()
    {
        var url = $"http://localhost:{Port}/hook";

        var closed = await StartAsync(allowLoopback: false);
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => closed.AddAsync(url));
        Assert.StartsWith("localhost resolves to ", ex.Message);
        Assert.Contains("a private, loopback or link-local address", ex.Message);
        Assert.Empty(await closed.Webhooks.ListAsync(closed.Admin.Principal));

        var open = await StartAsync(allowLoopback: true);
        await open.AddAsync(url);
        await open.DeclareAsync("Reached through localhost");
        Assert.Equal(1, (await open.RunAsync()).Succeeded);
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task Editing_a_webhook_to_a_private_address_is_refused_and_the_old_address_stays()
    {
        var s = await StartAsync(allowLoopback: false);
        s.Resolver.Answer("hooks.example.test", [Public]);
        var hook = await s.AddAsync("https://hooks.example.test/a");
        var form = hook.ToForm();
        form.Url = "http://169.254.169.254/latest/meta-data/";

        await Assert.ThrowsAsync<ValidationFailedException>(() => s.Webhooks.UpdateAsync(s.Admin.Principal, hook.Id, hook.Version, form));

        Assert.Equal("https://hooks.example.test/a", Assert.Single(await s.Webhooks.ListAsync(s.Admin.Principal)).Url);
    }

    [Fact]
    public async Task A_name_with_any_private_address_among_its_addresses_is_refused()
    {
        var s = await StartAsync(allowLoopback: false);
        s.Resolver.Answer("mixed.example.test", [Public, IPAddress.Parse("10.0.0.7")]);

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => s.AddAsync("https://mixed.example.test/hook"));

        Assert.StartsWith("mixed.example.test resolves to 10.0.0.7, ", ex.Message);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_now_can_be_saved_and_each_send_checks_again()
    {
        var s = await StartAsync(allowLoopback: false);
        s.Resolver.Answer("later.example.test"); // no answers: host not found

        var hook = await s.AddAsync("https://later.example.test/hook");

        Assert.Equal("https://later.example.test/hook", hook.Url);
    }

    [Fact]
    public async Task A_name_that_turns_private_after_saving_is_refused_when_connecting_and_the_attempt_is_logged_as_failed()
    {
        var s = await StartAsync(allowLoopback: false);
        // DNS rebinding: public when the Admin saves, loopback (where the receiver listens) when sending.
        s.Resolver.Answer("rebind.example.test", [Public], [IPAddress.Loopback]);
        await s.AddAsync($"http://rebind.example.test:{Port}/hook");
        await s.DeclareAsync("Rebinding attempt");

        var result = await s.RunAsync();

        Assert.Equal((1, 0), (result.Sent, result.Succeeded));
        Assert.Empty(_receiver.Requests);
        var row = Assert.Single(await s.Webhooks.DeliveriesAsync(s.Admin.Principal));
        Assert.Equal("Not sent: rebind.example.test resolves to 127.0.0.1, a private, loopback or link-local address. Webhooks may only send to public addresses (an operator can allow one in Webhooks:AllowedAddresses).", row.LastError);
        Assert.Equal((DeliveryState.Pending, (int?)null, s.App.Clock.UtcNow.AddSeconds(30)), (row.State, row.LastStatusCode, row.NextAttemptAt));
        Assert.Equal(row.LastError, Assert.Single(row.Attempts).Error);
    }

    [Fact]
    public async Task Sending_connects_to_the_address_it_checked_not_to_a_second_lookup()
    {
        var s = await StartAsync(allowLoopback: true);
        // Only the scripted resolver knows this name (DNS does not): the connection must use its checked answer.
        s.Resolver.Answer("receiver.example.test", [IPAddress.Loopback]);
        await s.AddAsync($"http://receiver.example.test:{Port}/hook");
        await s.DeclareAsync("Checked address");

        Assert.Equal(1, (await s.RunAsync()).Succeeded);

        Assert.Single(_receiver.Requests);
        Assert.Contains("receiver.example.test", s.Resolver.Asked);
    }

    [Fact]
    public async Task A_webhook_saved_while_allowed_is_refused_when_sending_once_its_literal_address_is_no_longer_allowed()
    {
        var s = await StartAsync(allowLoopback: false);
        // Rows written before this check existed (or by hand) are checked when sending too.
        var url = $"http://127.0.0.1:{Port}/hook";
        await s.App.QueryAsync(db => db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO "Webhooks" ("Name", "Url", "Format", "EventMask", "IsEnabled", "CreatedAt", "UpdatedAt", "UpdatedByName", "Version")
            VALUES ('Old internal', {url}, 2, 62, 1, '2026-11-01 00:00:00', '2026-11-01 00:00:00', 'Ada Admin', 0)
            """));
        await s.DeclareAsync("Old hook");

        Assert.Equal(0, (await s.RunAsync()).Succeeded);

        Assert.Empty(_receiver.Requests);
        Assert.StartsWith("Not sent: 127.0.0.1 is a private, loopback or link-local address.", Assert.Single(await s.Webhooks.DeliveriesAsync(s.Admin.Principal)).LastError);
    }

    // ---- 2. Receivers' answers are not kept ----

    [Fact]
    public async Task A_failing_receivers_answer_is_neither_stored_nor_shown_only_its_status_code()
    {
        var s = await StartAsync(allowLoopback: true);
        _receiver.FailFirst = 1; // answers 500 "receiver is having a bad day"
        await s.AddAsync(_receiver.Url);
        await s.DeclareAsync("Bad day");

        await s.RunAsync();

        var stored = await s.App.SqlAsync("""SELECT "Error" FROM "WebhookAttempts" UNION ALL SELECT "LastError" FROM "WebhookDeliveries" """);
        Assert.Equal(["HTTP 500", "HTTP 500"], stored);
        var row = Assert.Single(await s.Webhooks.DeliveriesAsync(s.Admin.Principal));
        Assert.Equal(("HTTP 500", 500), (row.LastError, row.LastStatusCode));
        Assert.Equal(("HTTP 500", (int?)500), (Assert.Single(row.Attempts).Error, row.Attempts[0].StatusCode));
    }

    [Fact]
    public async Task An_answer_stored_by_an_earlier_version_is_not_shown()
    {
        var s = await StartAsync(allowLoopback: true);
        _receiver.FailFirst = 1;
        await s.AddAsync(_receiver.Url);
        await s.DeclareAsync("Old log");
        await s.RunAsync();
        await s.App.QueryAsync(async db =>
        {
            await db.WebhookAttempts.ExecuteUpdateAsync(u => u.SetProperty(a => a.Error, "HTTP 500 Internal Server Error: token=abc123"));
            return await db.WebhookDeliveries.ExecuteUpdateAsync(u => u.SetProperty(d => d.LastError, "HTTP 500 Internal Server Error: token=abc123"));
        });

        var row = Assert.Single(await s.Webhooks.DeliveriesAsync(s.Admin.Principal));

        Assert.Equal("HTTP 500", row.LastError);
        Assert.Equal("HTTP 500", Assert.Single(row.Attempts).Error);
    }

    // ---- 3. URLs are never logged ----

    [Fact]
    public async Task Deliveries_log_nothing_that_contains_the_webhook_url_or_its_secret_path()
    {
        var s = await StartAsync(allowLoopback: true);
        const string secretPath = "T0ZQ7X/B0ZQ7X/zq7Xv9TokenInPath";
        var down = await WebhookReceiver.StartAsync();
        var downUrl = down.BaseUrl + "/hook/" + secretPath;
        await down.DisposeAsync();
        _receiver.FailFirst = 1;
        await s.AddAsync(_receiver.BaseUrl + "/hook/" + secretPath, secret: "k");
        await s.AddAsync(downUrl);
        s.Resolver.Answer("rebind.example.test", [Public], [IPAddress.Parse("10.0.0.1")]);
        await s.AddAsync($"http://rebind.example.test/hook/{secretPath}");
        await s.DeclareAsync("Logged carefully");

        await s.RunAsync();                              // 500, connection refused, address refused
        s.App.Clock.Advance(TimeSpan.FromSeconds(30));
        await s.RunAsync();                              // 200, refused, refused

        Assert.Equal(2, _receiver.Requests.Count);
        Assert.NotEmpty(s.Log.Lines); // The capture works (EF Core and the host log through it).
        Assert.DoesNotContain(s.Log.Lines, l => l.Contains("zq7Xv9", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(s.Log.Lines, l => l.Contains("/hook", StringComparison.Ordinal));
    }

    // ---- 4. Timestamp and delivery id are signed with the body ----

    [Fact]
    public async Task The_signature_covers_timestamp_delivery_id_and_body_and_a_retry_keeps_the_delivery_id()
    {
        var s = await StartAsync(allowLoopback: true);
        _receiver.FailFirst = 1;
        await s.AddAsync(_receiver.Url, secret: "whsec-test");
        await s.DeclareAsync("Signed");

        await s.RunAsync();
        s.App.Clock.Advance(TimeSpan.FromSeconds(30));
        await s.RunAsync();

        var deliveryId = Assert.Single(await s.Webhooks.DeliveriesAsync(s.Admin.Principal)).Id;
        var requests = _receiver.Requests.ToList();
        Assert.Equal(2, requests.Count);
        var expectedTimes = new[] { TestClock.DefaultStart, TestClock.DefaultStart.AddSeconds(30) }.Select(t => t.ToUnixTimeSeconds()).ToList();
        for (var i = 0; i < 2; i++)
        {
            var r = requests[i];
            Assert.Equal(deliveryId.ToString(CultureInfo.InvariantCulture), r.Headers["X-IncidentCenter-Delivery"]);
            var timestamp = r.Headers["X-IncidentCenter-Timestamp"];
            Assert.Equal(expectedTimes[i].ToString(CultureInfo.InvariantCulture), timestamp);
            // What a receiver computes: HMAC-SHA256(secret, "{timestamp}.{delivery id}.{raw body}"), hex, after "v1=".
            var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec-test"),
                Encoding.UTF8.GetBytes($"{timestamp}.{r.Headers["X-IncidentCenter-Delivery"]}.{r.Body}")));
            Assert.Equal(expected, r.Headers["X-IncidentCenter-Signature"]);
        }
        // Same body and delivery id, different timestamp: a replayed first request no longer matches a fresh timestamp.
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.NotEqual(requests[0].Headers["X-IncidentCenter-Signature"], requests[1].Headers["X-IncidentCenter-Signature"]);
    }

    [Fact]
    public async Task Without_a_secret_there_is_no_signature_but_the_timestamp_and_delivery_id_are_sent()
    {
        var s = await StartAsync(allowLoopback: true);
        await s.AddAsync(_receiver.Url);
        await s.DeclareAsync("Unsigned");

        await s.RunAsync();

        var r = Assert.Single(_receiver.Requests);
        Assert.False(r.Headers.ContainsKey("X-IncidentCenter-Signature"));
        Assert.Equal(TestClock.DefaultStart.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), r.Headers["X-IncidentCenter-Timestamp"]);
        Assert.True(long.TryParse(r.Headers["X-IncidentCenter-Delivery"], out _));
    }
}
