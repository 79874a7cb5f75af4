using System.Collections.Concurrent;

namespace IncidentCenter.StatusPage.Public;

/// <summary>
/// Public responses built once and served to every viewer. After a status change (Invalidate,
/// called by StatusPageLiveUpdates) readers wait for one shared rebuild instead of each querying
/// the database. An entry older than <see cref="MaxAge"/> with no change since is refreshed in the
/// background while it is still served, so the "as of" time stays near now without stalls. When a build fails (database down), the last
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

    /// <summary>How many keys the cache holds (for tests).</summary>
    internal int Count => _slots.Count;

    /// <summary>The keys the cache holds (for tests).</summary>
    internal IReadOnlyCollection<string> Keys => [.. _slots.Keys];

    /// <param name="keep">False for results not worth keeping (a 404 for an arbitrary id).</param>
    public async ValueTask<CacheResult<T>> GetAsync<T>(string key, Func<CancellationToken, Task<T>> build, Func<T, bool>? keep = null)
        where T : class
    {
        var generation = Generation;
        var now = clock.GetTimestamp();
        var slot = _slots.GetOrAdd(key, static _ => new Slot());
        var entry = slot.Entry;
        var failedAt = Interlocked.Read(ref slot.FailedAt);
        var failedRecently = failedAt != 0 && clock.GetElapsedTime(failedAt, now) < RetryAfterFailure;
        if (entry is not null && entry.Generation == generation)
        {
            // Nothing changed since it was built. When it is only old, refresh it in the
            // background and keep serving it meanwhile, so no reader waits for the rebuild.
            if (clock.GetElapsedTime(entry.BuiltAt, now) >= MaxAge && !failedRecently)
            {
                _ = ObserveAsync(key, Start(key, slot, generation, build, keep));
            }
            return new((T)entry.Value, Stale: failedAt != 0);
        }
        if (entry is not null && failedRecently)
        {
            return new((T)entry.Value, Stale: true);
        }

        // Something changed (or nothing was built yet): wait for the new build, shared by all readers.
        try
        {
            return new((T)await Start(key, slot, generation, build, keep), Stale: false);
        }
        catch (Exception ex) when (slot.Entry is { } lastGood)
        {
            logger.LogWarning(ex, "Could not rebuild the public status response {Key}; serving the last good one", key);
            return new((T)lastGood.Value, Stale: true);
        }
    }

    private Task<object> Start<T>(string key, Slot slot, long generation, Func<CancellationToken, Task<T>> build, Func<T, bool>? keep)
        where T : class
    {
        lock (slot.Gate)
        {
            if (slot.Pending is null || slot.PendingGeneration != generation)
            {
                slot.PendingGeneration = generation;
                slot.Pending = BuildAsync(key, slot, generation, build, keep);
            }
            return slot.Pending;
        }
    }

    private async Task ObserveAsync(string key, Task<object> refresh)
    {
        try
        {
            await refresh;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not refresh the public status response {Key}; serving the last good one", key);
        }
    }

    private async Task<object> BuildAsync<T>(string key, Slot slot, long generation, Func<CancellationToken, Task<T>> build, Func<T, bool>? keep)
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
            else
            {
                lock (slot.Gate)
                {
                    // Nothing worth keeping (a 404 for an id anyone can make up): leave no slot behind,
                    // or anonymous requests for made-up ids would grow the cache without bound.
                    if (slot.Entry is null)
                    {
                        _slots.TryRemove(new KeyValuePair<string, Slot>(key, slot));
                    }
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
