using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace IncidentCenter.StatusPage.Public;

/// <summary>What a public viewer is told: enough to decide whether its page needs a refresh.</summary>
public sealed record StatusChangedMessage(string Kind, int? IncidentId, int? UpdateId, long Sequence, DateTime At);

/// <summary>Configuration of the public pages' live stream (section StatusPage:Live).</summary>
public sealed class StatusLiveOptions
{
    public const string Section = "StatusPage:Live";

    /// <summary>
    /// Open streams allowed at once; past it a viewer gets 503 and its page tries again later
    /// (it is complete without the stream). One stream holds a few KB of server memory.
    /// </summary>
    public int MaxConnections { get; set; } = 20_000;

    /// <summary>How often an idle stream carries a heartbeat, so proxies keep it open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Fans status page changes out to the open public pages as Server-Sent Events (GET /status/live).
/// Each stream owns a small channel; a publish writes to every channel and the stream's
/// response loop sends it. Event ids are "boot.sequence": a reconnect that sends an older
/// Last-Event-ID (or ?last=) gets one "changed" at once, so a publish missed while
/// disconnected still reaches the page. Holds no DbContext: viewers fetch the page again.
/// </summary>
public sealed class StatusLiveFeed : IDisposable
{
    public const string Path = "/status/live";
    public const string ChangedEvent = "changed";
    public const string ReadyEvent = "ready";
    public const string HeartbeatEvent = "heartbeat";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    private readonly HashSet<Channel<SseItem<string>>> _subscribers = [];
    private readonly string _boot = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()))[..8];
    private readonly StatusLiveOptions _options;
    private readonly ITimer _heartbeat;
    private long _sequence;

    private bool _stopping;

    public StatusLiveFeed(IOptions<StatusLiveOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime)
    {
        _options = options.Value;
        _heartbeat = clock.CreateTimer(_ => Beat(), null, _options.HeartbeatInterval, _options.HeartbeatInterval);
        // End the streams when the app stops, so shutdown does not wait for them; pages reconnect by themselves.
        lifetime.ApplicationStopping.Register(EndAll);
    }

    /// <summary>Streams open right now.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>The id of the newest change ("boot.sequence").</summary>
    public string CurrentId
    {
        get
        {
            lock (_gate)
            {
                return Id(_sequence);
            }
        }
    }

    /// <summary>Tells every open stream; returns the message's sequence number.</summary>
    public long Publish(StatusPageChange change, DateTime at)
    {
        lock (_gate)
        {
            var sequence = ++_sequence;
            var message = new StatusChangedMessage(change.Kind.ToString(), change.IncidentId, change.StatusUpdateId, sequence, at);
            var item = new SseItem<string>(JsonSerializer.Serialize(message, Json), ChangedEvent) { EventId = Id(sequence) };
            foreach (var subscriber in _subscribers)
            {
                // Bounded, dropping the oldest: a stream that cannot keep up still ends with the newest change.
                subscriber.Writer.TryWrite(item);
            }
            return sequence;
        }
    }

    /// <summary>Opens a stream, or null when <see cref="StatusLiveOptions.MaxConnections"/> are open already.</summary>
    public IAsyncEnumerable<SseItem<string>>? TryOpen(string? lastEventId, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(16)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        string current;
        lock (_gate)
        {
            if (_stopping || _subscribers.Count >= _options.MaxConnections)
            {
                return null;
            }
            _subscribers.Add(channel);
            current = Id(_sequence);
        }
        // Subscribed before reading the current id: nothing published in between is missed.
        var behind = !string.IsNullOrEmpty(lastEventId) && lastEventId != current;
        var first = behind
            ? new SseItem<string>(JsonSerializer.Serialize(new { kind = "Missed" }, Json), ChangedEvent) { EventId = current }
            : new SseItem<string>("{}", ReadyEvent) { EventId = current, ReconnectionInterval = ReconnectDelay() };
        return StreamAsync(channel, first, ct);
    }

    private async IAsyncEnumerable<SseItem<string>> StreamAsync(Channel<SseItem<string>> channel, SseItem<string> first,
        [EnumeratorCancellation] CancellationToken ct)
    {
        try
        {
            yield return first;
            while (await channel.Reader.WaitToReadAsync(ct))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    private void Beat()
    {
        // Empty data: EventSource dispatches nothing for it, but the bytes keep idle proxies from cutting the stream.
        var item = new SseItem<string>("", HeartbeatEvent);
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(item);
            }
        }
    }

    private void EndAll()
    {
        lock (_gate)
        {
            _stopping = true;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }
        }
    }

    private string Id(long sequence) => $"{_boot}.{sequence}";

    // After a restart every page reconnects; spread them over a few seconds.
    private static TimeSpan ReconnectDelay() => TimeSpan.FromMilliseconds(Random.Shared.Next(1000, 5000));

    public void Dispose() => _heartbeat.Dispose();
}
