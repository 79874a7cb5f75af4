namespace IncidentCenter.StatusPage;

public enum StatusPageChangeKind
{
    /// <summary>An update was published or corrected on a public incident.</summary>
    UpdatePublished,

    /// <summary>A component's status, name, group or visibility changed.</summary>
    ComponentsChanged,
}

/// <summary>What changed on the public status page. <see cref="IncidentId"/> is null for component-only changes.</summary>
public sealed record StatusPageChange(StatusPageChangeKind Kind, int? IncidentId, int? StatusUpdateId = null);

/// <summary>
/// In-process fan-out of public status changes. The status page services publish after their
/// transaction commits; the public side listens to drop its cached pages and push to open
/// public pages over Server-Sent Events (StatusLiveFeed). One process only, like IncidentNotifier.
/// </summary>
public sealed class StatusPageChanges(ILogger<StatusPageChanges> logger)
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

    private sealed class Unsubscriber(StatusPageChanges owner, Func<StatusPageChange, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Remove(handler);
    }
}
