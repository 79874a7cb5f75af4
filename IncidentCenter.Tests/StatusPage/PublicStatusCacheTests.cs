using Microsoft.Extensions.Time.Testing;
using IncidentCenter.StatusPage.Public;
using Microsoft.Extensions.Logging.Abstractions;

namespace IncidentCenter.Tests.StatusPage;

public class PublicStatusCacheTests
{
    /// <summary>Timestamps that move only when the test says so.</summary>
    private readonly FakeTimeProvider _clock = new();
    private readonly PublicStatusCache _cache;

    public PublicStatusCacheTests() => _cache = new(_clock, NullLogger<PublicStatusCache>.Instance);

    [Fact]
    public async Task Many_concurrent_readers_share_one_build()
    {
        var builds = 0;
        var release = new TaskCompletionSource();
        async Task<string> Build(CancellationToken _)
        {
            Interlocked.Increment(ref builds);
            await release.Task;
            return "page";
        }

        var readers = Enumerable.Range(0, 200).Select(_ => _cache.GetAsync("k", Build).AsTask()).ToList();
        release.SetResult();
        var results = await Task.WhenAll(readers);

        Assert.Equal(1, builds);
        Assert.All(results, r => Assert.Equal("page", r.Value));
    }

    [Fact]
    public async Task An_entry_is_reused_until_invalidated_then_rebuilt()
    {
        var builds = 0;
        Task<string> Build(CancellationToken _) => Task.FromResult($"v{Interlocked.Increment(ref builds)}");

        Assert.Equal("v1", (await _cache.GetAsync("k", Build)).Value);
        Assert.Equal("v1", (await _cache.GetAsync("k", Build)).Value);
        _cache.Invalidate();
        Assert.Equal("v2", (await _cache.GetAsync("k", Build)).Value);
    }

    [Fact]
    public async Task When_a_rebuild_fails_the_last_good_value_is_served_marked_stale()
    {
        Assert.Equal("good", (await _cache.GetAsync("k", _ => Task.FromResult("good"))).Value);
        _cache.Invalidate();

        var result = await _cache.GetAsync<string>("k", _ => throw new InvalidOperationException("database is down"));

        Assert.Equal("good", result.Value);
        Assert.True(result.Stale);
    }

    [Fact]
    public async Task Without_a_last_good_value_the_failure_surfaces()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await _cache.GetAsync<string>("k", _ => throw new InvalidOperationException("database is down")));
    }

    [Fact]
    public async Task Results_not_worth_keeping_are_built_again_next_time()
    {
        var builds = 0;
        Task<string> Build(CancellationToken _) => Task.FromResult($"missing{Interlocked.Increment(ref builds)}");

        await _cache.GetAsync("k", Build, keep: _ => false);
        await _cache.GetAsync("k", Build, keep: _ => false);

        Assert.Equal(2, builds);
    }

    [Fact]
    public async Task An_old_entry_is_served_at_once_while_it_is_refreshed_in_the_background()
    {
        var release = new TaskCompletionSource();
        var builds = 0;
        async Task<string> Build(CancellationToken _)
        {
            var n = Interlocked.Increment(ref builds);
            if (n > 1)
            {
                await release.Task;
            }
            return $"v{n}";
        }
        Assert.Equal("v1", (await _cache.GetAsync("k", Build)).Value);
        _clock.Advance(PublicStatusCache.MaxAge + TimeSpan.FromSeconds(1));

        // The refresh is blocked, yet the reader gets the old entry without waiting.
        var old = await _cache.GetAsync("k", Build);
        Assert.Equal(("v1", false), (old.Value, old.Stale));
        release.SetResult();
        await WaitUntilAsync(async () => (await _cache.GetAsync("k", Build)).Value == "v2");
        Assert.Equal(2, builds);
    }

    [Fact]
    public async Task A_failed_background_refresh_marks_the_old_entry_stale()
    {
        var fail = false;
        Task<string> Build(CancellationToken _) => fail ? throw new InvalidOperationException("database is down") : Task.FromResult("good");
        await _cache.GetAsync("k", Build);
        fail = true;
        _clock.Advance(PublicStatusCache.MaxAge + TimeSpan.FromSeconds(1));

        await _cache.GetAsync("k", Build);

        await WaitUntilAsync(async () => (await _cache.GetAsync("k", Build)).Stale);
        Assert.Equal("good", (await _cache.GetAsync("k", Build)).Value);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(await condition());
    }

    [Fact]
    public async Task Results_not_worth_keeping_leave_nothing_behind_for_arbitrary_keys()
    {
        // Anonymous callers choose the id in /status/incidents/{id}: asking for many missing ones must not grow the cache.
        for (var id = 0; id < 500; id++)
        {
            await _cache.GetAsync($"page:incident:{id}", _ => Task.FromResult("missing"), keep: _ => false);
        }
        Assert.Equal("kept", (await _cache.GetAsync("page:status", _ => Task.FromResult("kept"))).Value);

        Assert.Equal(1, _cache.Count);
    }
}
