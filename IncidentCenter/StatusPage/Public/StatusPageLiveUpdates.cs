namespace IncidentCenter.StatusPage.Public;

/// <summary>
/// Listens to status page changes: first drops the cached public responses, then tells every
/// open public page over the event stream, so the refresh it triggers reads the new data.
/// </summary>
public sealed class StatusPageLiveUpdates(
    StatusPageNotifier changes,
    PublicStatusCache cache,
    StatusLiveFeed feed,
    TimeProvider clock) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = changes.Subscribe(OnChangeAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private Task OnChangeAsync(StatusPageChange change)
    {
        cache.Invalidate();
        feed.Publish(change, clock.GetUtcNow().UtcDateTime);
        return Task.CompletedTask;
    }
}
