using System.Collections.Concurrent;

namespace IncidentCenter.StatusPage.Public;

/// <summary>
/// Public responses built once and served to every viewer. An entry is rebuilt after a status
/// change (Invalidate, called by StatusPageLiveUpdates) or when older than <see cref="MaxAge"/>,
/// so the "as of" time stays near now. Concurrent requests for a missing entry wait for one
/// build instead of each querying the database. When a build fails (database down), the last
/// good entry is served, marked stale; its "as of" time tells readers how old it is.
/// </summary>
public sealed class PublicStatusCache(TimeProvider clock, ILogger<PublicStatusCache> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>After a failed build, the stale entry is served without retrying for this long.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Slot> _slots = new();
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <param name="keep">False for results not worth keeping (a 404 for an arbitrary id).</param>
    public async ValueTask<CacheResult<T>> GetAsync<T>(string key, Func<CancellationToken, Task<T>> build, Func<T, bool>? keep = null)
        where T : class
    {
        var generation = Generation;
        var now = clock.GetTimestamp();
        var slot = _slots.GetOrAdd(key, static _ => new Slot());
        var entry = slot.Entry;
        if (entry is not null && entry.Generation == generation && clock.GetElapsedTime(entry.BuiltAt, now) < MaxAge)
        {
            return new((T)entry.Value, Stale: false);
        }
        var failedAt = Interlocked.Read(ref slot.FailedAt);
        if (entry is not null && failedAt != 0 && clock.GetElapsedTime(failedAt, now) < RetryAfterFailure)
        {
            return new((T)entry.Value, Stale: true);
        }

        Task<object> pending;
        lock (slot.Gate)
        {
            if (slot.Pending is null || slot.PendingGeneration != generation)
            {
                slot.PendingGeneration = generation;
                slot.Pending = BuildAsync(slot, generation, build, keep);
            }
            pending = slot.Pending;
        }
        try
        {
            return new((T)await pending, Stale: false);
        }
        catch (Exception ex) when (slot.Entry is { } lastGood)
        {
            logger.LogWarning(ex, "Could not rebuild the public status response {Key}; serving the last good one", key);
            return new((T)lastGood.Value, Stale: true);
        }
    }

    private async Task<object> BuildAsync<T>(Slot slot, long generation, Func<CancellationToken, Task<T>> build, Func<T, bool>? keep)
        where T : class
    {
        await Task.Yield();
        try
        {
            var value = await build(CancellationToken.None);
            if (keep?.Invoke(value) != false)
            {
                lock (slot.Gate)
                {
                    if (slot.Entry is null || slot.Entry.Generation <= generation)
                    {
                        slot.Entry = new Entry(value, generation, clock.GetTimestamp());
                    }
                    Interlocked.Exchange(ref slot.FailedAt, 0);
                }
            }
            return value;
        }
        catch
        {
            Interlocked.Exchange(ref slot.FailedAt, Math.Max(1, clock.GetTimestamp()));
            throw;
        }
        finally
        {
            lock (slot.Gate)
            {
                if (slot.PendingGeneration == generation)
                {
                    slot.Pending = null;
                }
            }
        }
    }

    private sealed class Slot
    {
        public readonly Lock Gate = new();
        public volatile Entry? Entry;
        public Task<object>? Pending;
        public long PendingGeneration;
        /// <summary>Timestamp of the last failed build; 0 when the last build succeeded.</summary>
        public long FailedAt;
    }

    private sealed record Entry(object Value, long Generation, long BuiltAt);
}

public readonly record struct CacheResult<T>(T Value, bool Stale);
