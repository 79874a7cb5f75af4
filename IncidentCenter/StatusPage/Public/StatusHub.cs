using Microsoft.AspNetCore.SignalR;

namespace IncidentCenter.StatusPage.Public;

/// <summary>
/// The public viewers' hub (/hubs/status): anonymous, listen-only. Clients get "changed" with
/// what changed and fetch the page again; the server never pushes page content over it.
/// </summary>
public sealed class StatusHub : Hub
{
    public const string Path = "/hubs/status";
    public const string ChangedMethod = "changed";
}

/// <summary>What a public viewer is told: enough to decide whether its page needs a refresh.</summary>
public sealed record StatusChangedMessage(string Kind, int? IncidentId, int? UpdateId, long Sequence, DateTime At);

/// <summary>
/// Listens to status page changes: first drops the cached public responses, then tells every
/// open public page over the hub, so the refresh it triggers reads the new data.
/// </summary>
public sealed class StatusPageLiveUpdates(
    StatusPageChanges changes,
    PublicStatusCache cache,
    IHubContext<StatusHub> hub,
    TimeProvider clock) : IHostedService
{
    private IDisposable? _subscription;
    private long _sequence;

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
        var message = new StatusChangedMessage(change.Kind.ToString(), change.IncidentId, change.StatusUpdateId,
            Interlocked.Increment(ref _sequence), clock.GetUtcNow().UtcDateTime);
        return hub.Clients.All.SendAsync(StatusHub.ChangedMethod, message);
    }
}
