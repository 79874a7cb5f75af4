namespace IncidentCenter.Incidents;

public enum IncidentChangeKind
{
    Declared,
    Updated,
    TimelineChanged,

    /// <summary>A checklist item was ticked or unticked, or a checklist attached (Playbooks).</summary>
    ChecklistChanged,

    /// <summary>A task or follow-up of the incident was added or changed (Playbooks).</summary>
    TasksChanged,

    /// <summary>A status page update was published or corrected.</summary>
    StatusUpdated,
}

public sealed record IncidentChanged(int IncidentId, IncidentChangeKind Kind);

/// <summary>
/// In-process fan-out of incident changes to open pages (dashboard and incident views).
/// Services publish after their transaction commits; pages subscribe and re-render through
/// their own InvokeAsync. One process only: several app nodes would need a shared bus.
/// </summary>
public sealed class IncidentNotifier(ILogger<IncidentNotifier> logger, TimeProvider clock)
{
    /// <summary>
    /// How long the person who acted waits for open pages to take the change. Pages reload in parallel and
    /// usually within milliseconds; one that is slow or stuck (a dropped circuit, a blocked reload) finishes
    /// in the background and never holds up the action.
    /// </summary>
    public static readonly TimeSpan SubscriberWait = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly Dictionary<int, HashSet<Subscription>> _byIncident = [];
    private readonly HashSet<Subscription> _all = [];

    public IDisposable Subscribe(int incidentId, Func<IncidentChanged, Task> handler)
    {
        var subscription = new Subscription(this, incidentId, handler);
        lock (_gate)
        {
            if (!_byIncident.TryGetValue(incidentId, out var set))
            {
                _byIncident[incidentId] = set = [];
            }
            set.Add(subscription);
        }
        return subscription;
    }

    public IDisposable SubscribeAll(Func<IncidentChanged, Task> handler)
    {
        var subscription = new Subscription(this, null, handler);
        lock (_gate)
        {
            _all.Add(subscription);
        }
        return subscription;
    }

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _all.Count + _byIncident.Values.Sum(s => s.Count);
            }
        }
    }

    public async Task PublishAsync(IncidentChanged change)
    {
        Subscription[] targets;
        lock (_gate)
        {
            targets = _byIncident.TryGetValue(change.IncidentId, out var set) ? [.. set, .. _all] : [.. _all];
        }
        var delivered = Task.WhenAll(targets.Select(t => InvokeSafelyAsync(t, change)));
        using var stop = new CancellationTokenSource();
        var waited = Task.Delay(SubscriberWait, clock, stop.Token);
        if (await Task.WhenAny(delivered, waited) != delivered)
        {
            logger.LogWarning("Open pages took longer than {Wait} to take a change to incident {IncidentId}; they finish in the background",
                SubscriberWait, change.IncidentId);
        }
        await stop.CancelAsync();
    }

    private async Task InvokeSafelyAsync(Subscription subscription, IncidentChanged change)
    {
        try
        {
            await subscription.Handler(change);
        }
        catch (Exception ex)
        {
            // A broken page must not stop the others from hearing about the change.
            logger.LogWarning(ex, "An incident change subscriber failed for incident {IncidentId}", change.IncidentId);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (subscription.IncidentId is { } id)
            {
                if (_byIncident.TryGetValue(id, out var set) && set.Remove(subscription) && set.Count == 0)
                {
                    _byIncident.Remove(id);
                }
            }
            else
            {
                _all.Remove(subscription);
            }
        }
    }

    private sealed class Subscription(IncidentNotifier owner, int? incidentId, Func<IncidentChanged, Task> handler) : IDisposable
    {
        public int? IncidentId { get; } = incidentId;
        public Func<IncidentChanged, Task> Handler { get; } = handler;

        public void Dispose() => owner.Remove(this);
    }
}
