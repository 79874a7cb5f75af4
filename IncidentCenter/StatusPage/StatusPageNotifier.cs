namespace IncidentCenter.StatusPage;

/// <summary>
/// In-process fan-out of public status changes. The status page services publish after their
/// transaction commits; the public side listens to drop its cached pages and push to open
/// public pages over Server-Sent Events (StatusLiveFeed). One process only, like IncidentNotifier.
/// </summary>
public sealed class StatusPageNotifier(ILogger<StatusPageNotifier> logger)
{
    private readonly Lock _gate = new();
    private readonly List<Func<StatusPageChange, Task>> _handlers = [];

    public IDisposable Subscribe(Func<StatusPageChange, Task> handler)
    {
        lock (_gate)
        {
            _handlers.Add(handler);
        }
        return new Unsubscriber(this, handler);
    }

    public async Task PublishAsync(StatusPageChange change)
    {
        Func<StatusPageChange, Task>[] handlers;
        lock (_gate)
        {
            handlers = [.. _handlers];
        }
        foreach (var handler in handlers)
        {
            try
            {
                await handler(change);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A status page change handler failed for {Change}", change);
            }
        }
    }

    private void Remove(Func<StatusPageChange, Task> handler)
    {
        lock (_gate)
        {
            _handlers.Remove(handler);
        }
    }

    private sealed class Unsubscriber(StatusPageNotifier owner, Func<StatusPageChange, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Remove(handler);
    }
}
