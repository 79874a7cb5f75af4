using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using IncidentCenter.Data;
using IncidentCenter.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IncidentCenter.Notifications;

public sealed record DispatchResult(int EventsFannedOut, int Sent, int Succeeded);

/// <summary>
/// Fans outbox events out into one delivery per subscribed webhook, then sends what is due and
/// records every attempt. Failures are retried after 30 s, 2 min, 10 min and 30 min; after the
/// fifth failed attempt the delivery is Failed (an Admin can still retry it). The worker calls
/// <see cref="RunDueAsync"/>; tests call it directly with their own clock.
/// </summary>
public sealed class WebhookDispatcher(
    IDbContextFactory<AppDbContext> dbFactory,
    IHttpClientFactory httpClients,
    IOptions<NotificationOptions> options,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "webhooks";
    private const int BatchSize = 100;
    private const int ParallelSends = 4;

    public static readonly IReadOnlyList<TimeSpan> Backoff =
        [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)];

    public static int MaxAttempts => Backoff.Count + 1;

    /// <summary>Events and their delivery log are kept this long once nothing about them is pending.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private DateTime _lastPrunedAt = DateTime.MinValue;

    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Raised after attempts are recorded, so an open delivery log can refresh itself.</summary>
    public event Action? DeliveriesChanged;

    /// <summary>Asks the worker to run soon (new events, a retry or a test message).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public async Task WaitForWorkAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)));
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The poll interval passed: look for due retries.
        }
    }

    /// <summary>Fans out new events and sends every delivery due at <paramref name="now"/>. One run at a time.</summary>
    public async Task<DispatchResult> RunDueAsync(DateTime now, CancellationToken ct = default)
    {
        await _running.WaitAsync(ct);
        try
        {
            var fannedOut = 0;
            int batch;
            do
            {
                batch = await FanOutAsync(now, ct);
                fannedOut += batch;
            }
            while (batch == BatchSize);

            var sent = 0;
            var succeeded = 0;
            int count;
            do
            {
                (count, var ok) = await SendDueAsync(now, ct);
                sent += count;
                succeeded += ok;
            }
            while (count == BatchSize);

            if (now - _lastPrunedAt >= TimeSpan.FromHours(1))
            {
                await PruneAsync(now, ct);
                _lastPrunedAt = now;
            }
            return new DispatchResult(fannedOut, sent, succeeded);
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<int> FanOutAsync(DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = await db.OutboxEvents.Where(o => o.DispatchedAt == null).OrderBy(o => o.Id).Take(BatchSize).ToListAsync(ct);
        if (events.Count == 0)
        {
            return 0;
        }
        var hooks = await db.Webhooks.AsNoTracking().Where(w => w.IsEnabled).ToListAsync(ct);
        foreach (var e in events)
        {
            foreach (var hook in hooks.Where(h => h.Subscribes(e.Kind)))
            {
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    WebhookId = hook.Id,
                    EventId = e.Id,
                    State = DeliveryState.Pending,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
            }
            e.DispatchedAt = now;
        }
        await db.SaveChangesAsync(ct);
        return events.Count;
    }

    /// <summary>Deletes events older than <see cref="Retention"/> with no pending delivery, with their deliveries and attempts.</summary>
    internal async Task<int> PruneAsync(DateTime now, CancellationToken ct)
    {
        var cutoff = now - Retention;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var old = db.OutboxEvents.Where(e => e.DispatchedAt != null && e.CreatedAt < cutoff
            && !db.WebhookDeliveries.Any(d => d.EventId == e.Id && d.State == DeliveryState.Pending));
        var deliveries = db.WebhookDeliveries.Where(d => old.Any(e => e.Id == d.EventId));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.WebhookAttempts.Where(a => deliveries.Any(d => d.Id == a.DeliveryId)).ExecuteDeleteAsync(ct);
        await deliveries.ExecuteDeleteAsync(ct);
        var events = await old.ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return events;
    }

    private sealed record DueItem(long DeliveryId, int AttemptCount, Webhook Hook, string Payload);

    private sealed record Outcome(DueItem Item, int? StatusCode, string? Error, int DurationMs)
    {
        public bool Succeeded => Error is null;
    }

    private async Task<(int Count, int Succeeded)> SendDueAsync(DateTime now, CancellationToken ct)
    {
        List<DueItem> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.State == DeliveryState.Pending && d.NextAttemptAt <= now)
                .Join(db.Webhooks.Where(w => w.IsEnabled), d => d.WebhookId, w => w.Id, (d, w) => new { d, w })
                .Join(db.OutboxEvents, x => x.d.EventId, e => e.Id, (x, e) => new { x.d, x.w, e.Payload })
                .OrderBy(x => x.d.NextAttemptAt).ThenBy(x => x.d.Id)
                .Take(BatchSize)
                .Select(x => new DueItem(x.d.Id, x.d.AttemptCount, x.w, x.Payload))
                .ToListAsync(ct);
        }
        if (due.Count == 0)
        {
            return (0, 0);
        }

        var outcomes = new Outcome[due.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, due.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelSends, CancellationToken = ct },
            async (i, token) => outcomes[i] = await SendAsync(due[i], token));

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var ids = due.Select(d => d.DeliveryId).ToList();
            var deliveries = await db.WebhookDeliveries.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
            foreach (var outcome in outcomes)
            {
                if (!deliveries.TryGetValue(outcome.Item.DeliveryId, out var delivery))
                {
                    continue; // The webhook was deleted meanwhile.
                }
                var number = delivery.AttemptCount + 1;
                delivery.AttemptCount = number;
                delivery.LastAttemptAt = now;
                delivery.LastStatusCode = outcome.StatusCode;
                delivery.LastError = outcome.Error;
                if (outcome.Succeeded)
                {
                    delivery.State = DeliveryState.Succeeded;
                    delivery.NextAttemptAt = null;
                }
                else if (number >= MaxAttempts)
                {
                    delivery.State = DeliveryState.Failed;
                    delivery.NextAttemptAt = null;
                }
                else
                {
                    delivery.NextAttemptAt = now + Backoff[number - 1];
                }
                db.WebhookAttempts.Add(new WebhookAttempt
                {
                    DeliveryId = delivery.Id,
                    Number = number,
                    At = now,
                    StatusCode = outcome.StatusCode,
                    Error = outcome.Error,
                    DurationMs = outcome.DurationMs,
                });
            }
            await db.SaveChangesAsync(ct);
        }
        RaiseDeliveriesChanged();
        return (due.Count, outcomes.Count(o => o.Succeeded));
    }

    private async Task<Outcome> SendAsync(DueItem item, CancellationToken ct)
    {
        // The attempt's duration is on the same clock as the request's timeout (HttpClient's, real time), not
        // the app's TimeProvider, which tests replace with a fake one.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        int Elapsed() => (int)Math.Min(int.MaxValue, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            var snapshot = EventSnapshot.FromJson(item.Payload);
            var body = WebhookBodies.Render(item.Hook.Format, snapshot, IncidentUrl(snapshot.IncidentRef));
            using var request = new HttpRequestMessage(HttpMethod.Post, item.Hook.Url)
            {
                Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            // The delivery id stays the same on every retry; the timestamp is this attempt's. Both are signed
            // with the body, so a receiver can refuse an old or already-seen message.
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add(WebhookBodies.DeliveryHeader, item.DeliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookBodies.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookBodies.EventHeader, snapshot.Kind);
            if (!string.IsNullOrEmpty(item.Hook.Secret))
            {
                request.Headers.Add(WebhookBodies.SignatureHeader, WebhookBodies.Sign(item.Hook.Secret, timestamp, item.DeliveryId, body));
            }
            var client = httpClients.CreateClient(HttpClientName);
            client.Timeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.TimeoutSeconds));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            // The receiver's answer (body, reason phrase) is neither read nor kept: it may echo secrets
            // or internal details. The log shows the status code and the time taken.
            return new Outcome(item, status, response.IsSuccessStatusCode ? null : $"HTTP {status}", Elapsed());
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(item, null, $"No answer within {options.Value.TimeoutSeconds} s.", Elapsed());
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookAddressRefusedException refused)
        {
            return new Outcome(item, null, Clip(refused.Message), Elapsed());
        }
        catch (HttpRequestException ex)
        {
            return new Outcome(item, null, Clip(ex.Message), Elapsed());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Named by webhook and delivery, never by URL: the URL's path is often the receiver's secret.
            logger.LogWarning(ex, "Webhook {WebhookId} \"{WebhookName}\": delivery {DeliveryId} could not be sent.", item.Hook.Id, item.Hook.Name, item.DeliveryId);
            return new Outcome(item, null, Clip(ex.Message), Elapsed());
        }
    }

    private void RaiseDeliveriesChanged()
    {
        foreach (var handler in DeliveriesChanged?.GetInvocationList().Cast<Action>() ?? [])
        {
            try
            {
                handler();
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A delivery log listener failed.");
            }
        }
    }

    public string? IncidentUrl(string? reference)
    {
        if (reference is null)
        {
            return null;
        }
        var baseUrl = options.Value.PublicBaseUrl;
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            baseUrl = configuration["Urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        }
        return string.IsNullOrWhiteSpace(baseUrl) ? null : $"{baseUrl.TrimEnd('/')}/incidents/{reference}";
    }

    private static string Clip(string text) =>
        text.Length <= WebhookAttempt.ErrorMaxLength ? text : text[..(WebhookAttempt.ErrorMaxLength - 1)] + "…";
}
