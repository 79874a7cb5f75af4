// N public status page viewers on the live stream, against an app started with Bench:Enabled
// (see bench/status-live.sh, which starts a fresh app per round so memory figures start equal):
// HttpClient streams of GET /status/live, read with System.Net.ServerSentEvents.SseParser (what
// EventSource does in the page). The SignalR hub it was compared with is gone; its figures are in
// the README (measured by this program's earlier version, commit bea769f).
// The bench publishes P status updates (POST /bench/status/publish: StatusPageService.PublishAsync
// as the Admin: authorization, the rows, commit, then the push), and every viewer records when the
// change arrived. Latency = receipt - time the publish request was sent (one Stopwatch clock).
// Server memory comes from GET /bench/memory (managed heap after a full collection, and RSS),
// read before the viewers connect, once they are all connected, and after they have left.
// Usage: dotnet run -c Release --project bench/IncidentCenter.StatusLiveBench -- <baseUrl> <incidentId> [viewers=1000] [publishes=20]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;

var baseUrl = args.ElementAtOrDefault(0) ?? throw new ArgumentException("usage: <baseUrl> <incidentId> [viewers] [publishes]");
var incidentId = int.Parse(args.ElementAtOrDefault(1) ?? throw new ArgumentException("incidentId"));
var viewers = int.Parse(args.ElementAtOrDefault(2) ?? "1000");
var publishes = int.Parse(args.ElementAtOrDefault(3) ?? "20");
const string transport = "sse";

var clock = Stopwatch.StartNew();
double Now() => clock.Elapsed.TotalMilliseconds;
var control = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
var receipts = new ConcurrentQueue<(int UpdateId, double At)>();
var perUpdate = new ConcurrentDictionary<int, int>();
var duplicates = 0;

void Receive(HashSet<int> seen, JsonElement message)
{
    var at = Now();
    if (!message.TryGetProperty("updateId", out var id) || id.ValueKind != JsonValueKind.Number)
    {
        return;
    }
    var updateId = id.GetInt32();
    lock (seen)
    {
        if (!seen.Add(updateId))
        {
            Interlocked.Increment(ref duplicates);
            return;
        }
    }
    receipts.Enqueue((updateId, at));
    perUpdate.AddOrUpdate(updateId, 1, (_, n) => n + 1);
}

var before = await MemoryAsync();
var stop = new CancellationTokenSource();
var sseClient = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
}) { BaseAddress = new Uri(baseUrl), Timeout = Timeout.InfiniteTimeSpan };
var sseReaders = new List<Task>();
var connectStarted = Now();
for (var i = 0; i < viewers; i += 100)
{
    var batch = Enumerable.Range(i, Math.Min(100, viewers - i)).Select(async _ =>
    {
        var seen = new HashSet<int>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (sseReaders)
        {
            sseReaders.Add(ReadStreamAsync(seen, ready));
        }
        await ready.Task;
    });
    await Task.WhenAll(batch);
}
var connectSeconds = (Now() - connectStarted) / 1000;
var connected = await MemoryAsync();

// Publish 0 is an uncounted warm-up (JIT, first fan-out).
var sentAt = new Dictionary<int, double>();
for (var n = 0; n <= publishes; n++)
{
    var sent = Now();
    var response = await control.PostAsync($"/bench/status/publish?incidentId={incidentId}&body={Uri.EscapeDataString($"Benchmark update {n}: still working on it.")}", null);
    response.EnsureSuccessStatusCode();
    var updateId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("updateId").GetInt32();
    if (n > 0)
    {
        sentAt[updateId] = sent;
    }
    var deadline = Now() + 10_000;
    while (perUpdate.GetValueOrDefault(updateId) < viewers && Now() < deadline)
    {
        await Task.Delay(20);
    }
    await Task.Delay(n == 0 ? 1000 : 250);
}

var latencies = receipts.Where(r => sentAt.ContainsKey(r.UpdateId)).Select(r => r.At - sentAt[r.UpdateId]).Order().ToArray();
var expected = viewers * publishes;

stop.Cancel();
await Task.WhenAll(sseReaders.Select(t => t.ContinueWith(_ => { })));
var leftDeadline = Now() + 15_000;
var after = await MemoryAsync();
while (after.LiveSubscribers > 0 && Now() < leftDeadline)
{
    await Task.Delay(200);
    after = await MemoryAsync();
}

double P(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p / 100 * latencies.Length) - 1)];
static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1");
Console.WriteLine($"{transport} {viewers} viewers: connected in {connectSeconds:F1} s; {publishes} publishes, {expected} deliveries expected, "
    + $"received {latencies.Length}, lost {expected - latencies.Length}, duplicates {duplicates}");
Console.WriteLine($"{transport} {viewers} latency ms: p50 {P(50):F1}  p99 {P(99):F1}  max {(latencies.Length == 0 ? double.NaN : latencies[^1]):F1}");
Console.WriteLine($"{transport} {viewers} server memory: managed heap {Mb(before.ManagedHeapBytes)} -> {Mb(connected.ManagedHeapBytes)} MB "
    + $"({(connected.ManagedHeapBytes - before.ManagedHeapBytes) / 1024.0 / viewers:F1} KB/viewer), RSS {Mb(before.RssBytes)} -> {Mb(connected.RssBytes)} MB "
    + $"({(connected.RssBytes - before.RssBytes) / 1024.0 / viewers:F1} KB/viewer); after they left: heap {Mb(after.ManagedHeapBytes)} MB, "
    + $"SSE subscribers {connected.LiveSubscribers} -> {after.LiveSubscribers}");
return latencies.Length == expected && after.LiveSubscribers == 0 ? 0 : 1;

async Task ReadStreamAsync(HashSet<int> seen, TaskCompletionSource ready)
{
    try
    {
        using var response = await sseClient.GetAsync("/status/live", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(stop.Token);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(stop.Token))
        {
            if (item.EventType == "ready")
            {
                ready.TrySetResult();
            }
            else if (item.EventType == "changed")
            {
                using var json = JsonDocument.Parse(item.Data);
                Receive(seen, json.RootElement);
            }
        }
    }
    catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or IOException)
    {
    }
    catch (Exception e)
    {
        ready.TrySetException(e);
    }
    finally
    {
        ready.TrySetException(new IOException("The stream ended before its first event."));
    }
}

async Task<ServerMemory> MemoryAsync() => (await control.GetFromJsonAsync<ServerMemory>("/bench/memory", new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;

internal sealed record ServerMemory(long ManagedHeapBytes, long RssBytes, int LiveSubscribers);
