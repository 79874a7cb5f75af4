using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using IncidentCenter.StatusPage;
using IncidentCenter.StatusPage.Public;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>The public pages' live stream, GET /status/live (Server-Sent Events), over HTTP.</summary>
public class StatusLiveStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private sealed class LiveApp(Action<IWebHostBuilder>? configure = null) : IAsyncDisposable
    {
        public StatusPageApp App { get; } = new Configured(configure);

        public StatusLiveFeed Feed => App.Services.GetRequiredService<StatusLiveFeed>();

        public async Task WaitForSubscribersAsync(int count)
        {
            using var timeout = new CancellationTokenSource(Patience);
            while (Feed.SubscriberCount != count)
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();

        private sealed class Configured(Action<IWebHostBuilder>? configure) : StatusPageApp
        {
            protected override void ConfigureWebHost(IWebHostBuilder builder)
            {
                base.ConfigureWebHost(builder);
                configure?.Invoke(builder);
            }
        }
    }

    /// <summary>One open stream, read event by event as EventSource would.</summary>
    private sealed class LiveStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly IAsyncEnumerator<SseItem<string>> _events;

        private LiveStream(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> events)
        {
            _response = response;
            _events = events;
        }

        public HttpResponseMessage Response => _response;

        public static async Task<LiveStream> OpenAsync(HttpClient client, string? lastEventId = null, string path = StatusLiveFeed.Path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/event-stream");
            if (lastEventId is not null)
            {
                request.Headers.Add("Last-Event-ID", lastEventId);
            }
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStreamAsync();
            return new LiveStream(response, SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator());
        }

        /// <summary>The next event of <paramref name="type"/>, skipping heartbeats; fails after a while.</summary>
        public async Task<SseItem<string>> NextAsync(string type)
        {
            using var timeout = new CancellationTokenSource(Patience);
            while (true)
            {
                var next = _events.MoveNextAsync().AsTask();
                await next.WaitAsync(timeout.Token);
                Assert.True(next.Result, "the stream ended");
                if (_events.Current.EventType == type)
                {
                    return _events.Current;
                }
                Assert.Equal(StatusLiveFeed.HeartbeatEvent, _events.Current.EventType);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _response.Dispose();
            try
            {
                await _events.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The body is gone already: that is the point.
            }
        }
    }

    [Fact]
    public async Task A_real_publish_reaches_an_open_stream_and_the_subscription_ends_with_the_connection()
    {
        await using var live = new LiveApp();
        var (id, responder) = await live.App.DeclareAsync("Checkout fails internally");
        var client = live.App.CreateClient();

        await using (var stream = await LiveStream.OpenAsync(client))
        {
            Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
            // Never stored by a browser or a shared cache.
            Assert.Contains("no-store", stream.Response.Headers.CacheControl?.ToString());
            var ready = await stream.NextAsync(StatusLiveFeed.ReadyEvent);
            Assert.Equal(live.Feed.CurrentId, ready.EventId);
            Assert.Equal(1, live.Feed.SubscriberCount);

            var updateId = await live.App.Services.GetRequiredService<StatusPageService>().PublishAsync(responder, id, new PublishStatusUpdate
            {
                Stage = StatusStage.Investigating,
                Title = "Checkout errors",
                Impact = StatusImpact.Minor,
                Body = "We are looking into it.",
                AcknowledgeWarnings = true,
            });

            var changed = await stream.NextAsync(StatusLiveFeed.ChangedEvent);
            var message = JsonDocument.Parse(changed.Data).RootElement;
            Assert.Equal(id, message.GetProperty("incidentId").GetInt32());
            Assert.Equal(updateId, message.GetProperty("updateId").GetInt32());
            Assert.Equal(live.Feed.CurrentId, changed.EventId);
            Assert.NotEqual(ready.EventId, changed.EventId);
            // The page the event sends the viewer to already shows the update.
            Assert.Contains("We are looking into it.", await client.GetStringAsync("/status"));
        }

        await live.WaitForSubscribersAsync(0);
    }

    [Fact]
    public async Task A_reconnect_that_missed_a_change_is_told_at_once_and_one_that_missed_nothing_is_not()
    {
        await using var live = new LiveApp();
        var (id, _) = await live.App.DeclareAsync("Internal");
        var client = live.App.CreateClient();
        string seen;
        await using (var first = await LiveStream.OpenAsync(client))
        {
            seen = (await first.NextAsync(StatusLiveFeed.ReadyEvent)).EventId!;
        }
        await live.WaitForSubscribersAsync(0);

        // Nothing happened while away: just ready.
        await using (var again = await LiveStream.OpenAsync(client, lastEventId: seen))
        {
            Assert.Equal(seen, (await again.NextAsync(StatusLiveFeed.ReadyEvent)).EventId);
        }

        // A publish while disconnected: the reconnect (header, or ?last= from a new EventSource) hears of it first.
        await live.App.AnnounceAsync(id);
        await using (var header = await LiveStream.OpenAsync(client, lastEventId: seen))
        {
            Assert.Equal(live.Feed.CurrentId, (await header.NextAsync(StatusLiveFeed.ChangedEvent)).EventId);
        }
        await using (var query = await LiveStream.OpenAsync(client, path: $"{StatusLiveFeed.Path}?last={Uri.EscapeDataString(seen)}"))
        {
            Assert.Equal(live.Feed.CurrentId, (await query.NextAsync(StatusLiveFeed.ChangedEvent)).EventId);
        }
        await live.WaitForSubscribersAsync(0);
    }

    [Fact]
    public async Task An_idle_stream_carries_heartbeats()
    {
        await using var live = new LiveApp(b => b.UseSetting("StatusPage:Live:HeartbeatInterval", "00:00:00.100"));
        await using var stream = await LiveStream.OpenAsync(live.App.CreateClient());
        await stream.NextAsync(StatusLiveFeed.ReadyEvent);

        var heartbeat = await stream.NextAsync(StatusLiveFeed.HeartbeatEvent);

        // Empty data: EventSource dispatches nothing for it, so the page does not refresh.
        Assert.Equal("", heartbeat.Data);
    }

    [Fact]
    public async Task Past_the_connection_limit_a_viewer_is_told_to_come_back_later()
    {
        await using var live = new LiveApp(b => b.UseSetting("StatusPage:Live:MaxConnections", "2"));
        var client = live.App.CreateClient();
        await using (var one = await LiveStream.OpenAsync(client))
        await using (var two = await LiveStream.OpenAsync(client))
        {
            await one.NextAsync(StatusLiveFeed.ReadyEvent);
            await two.NextAsync(StatusLiveFeed.ReadyEvent);

            var refused = await client.GetAsync(StatusLiveFeed.Path, HttpCompletionOption.ResponseHeadersRead);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal(2, live.Feed.SubscriberCount);
        }
        await live.WaitForSubscribersAsync(0);
        await using var later = await LiveStream.OpenAsync(client);
        await later.NextAsync(StatusLiveFeed.ReadyEvent);
    }

    [Fact]
    public async Task Many_streams_that_come_and_go_leave_no_subscription_behind()
    {
        await using var live = new LiveApp();
        var (id, _) = await live.App.DeclareAsync("Internal");
        var client = live.App.CreateClient();
        var streams = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => LiveStream.OpenAsync(client)));
        await Task.WhenAll(streams.Select(s => s.NextAsync(StatusLiveFeed.ReadyEvent)));
        Assert.Equal(50, live.Feed.SubscriberCount);

        await live.App.AnnounceAsync(id);
        await Task.WhenAll(streams.Select(s => s.NextAsync(StatusLiveFeed.ChangedEvent)));
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }

        await live.WaitForSubscribersAsync(0);
    }

    [Fact]
    public async Task The_signalr_hub_and_its_npm_script_are_gone()
    {
        await using var live = new LiveApp();
        var client = live.App.CreateClient();

        // A POST to an unknown address ends in the Blazor endpoint's antiforgery check: no negotiation either way.
        var negotiate = await client.PostAsync("/hubs/status/negotiate?negotiateVersion=1", null);
        Assert.NotEqual(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.DoesNotContain("connectionId", await negotiate.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/hubs/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/status/lib/signalr.min.js")).StatusCode);
        var script = await client.GetStringAsync("/js/status-live.js");
        Assert.Contains("new EventSource(\"/status/live\"", script);
        Assert.DoesNotContain("signalR", script);
    }
}
