namespace IncidentCenter.Response;

/// <summary>
/// One timer for every countdown on every open page: it ticks once a second while anything is
/// subscribed and stops when the last countdown is disposed. Each subscriber re-renders itself
/// through its own InvokeAsync, so a page's other parts are not re-rendered.
/// </summary>
public sealed class CountdownTicker(TimeProvider clock, ILogger<CountdownTicker> logger) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly HashSet<Subscription> _subscribers = [];
    private ITimer? _timer;

    public IDisposable Subscribe(Func<Task> onTick)
    {
        var subscription = new Subscription(this, onTick);
        lock (_gate)
        {
            _subscribers.Add(subscription);
            _timer ??= clock.CreateTimer(_ => Tick(), null, Interval, Interval);
        }
        return subscription;
    }

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

    private void Tick()
    {
        Subscription[] targets;
        lock (_gate)
        {
            targets = [.. _subscribers];
        }
        foreach (var t in targets)
        {
            _ = RunAsync(t);
        }
    }

    private async Task RunAsync(Subscription subscription)
    {
        try
        {
            await subscription.OnTick();
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "A countdown failed to re-render (its circuit is probably gone).");
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
            if (_subscribers.Count == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _subscribers.Clear();
        }
    }

    private sealed class Subscription(CountdownTicker owner, Func<Task> onTick) : IDisposable
    {
        public Func<Task> OnTick { get; } = onTick;

        public void Dispose() => owner.Remove(this);
    }
}

/// <summary>The words a countdown shows: "Ack due in 3:12", "Resolve overdue by 12 min".</summary>
public static class CountdownText
{
    public static string Label(ResponseTarget target) => target switch
    {
        ResponseTarget.Acknowledge => "Ack",
        ResponseTarget.Triage => "Triage",
        _ => "Resolve",
    };

    public static string Format(ResponseTarget target, DateTime dueAt, DateTime now)
    {
        var left = dueAt - now;
        return left >= TimeSpan.Zero
            ? $"{Label(target)} due in {Remaining(left)}"
            : $"{Label(target)} overdue by {Overdue(-left)}";
    }

    /// <summary>Minutes and seconds under an hour (the part that needs to tick), hours and minutes, then days and hours.</summary>
    public static string Remaining(TimeSpan left) => left switch
    {
        { TotalHours: < 1 } => $"{(int)left.TotalMinutes}:{left.Seconds:00}",
        { TotalDays: < 1 } => $"{(int)left.TotalHours}h {left.Minutes:00}m",
        _ => $"{(int)left.TotalDays}d {left.Hours}h",
    };

    public static string Overdue(TimeSpan late) => late switch
    {
        { TotalMinutes: < 1 } => "<1 min",
        { TotalHours: < 1 } => $"{(int)late.TotalMinutes} min",
        { TotalDays: < 1 } => $"{(int)late.TotalHours}h {late.Minutes}m",
        _ => $"{(int)late.TotalDays}d {late.Hours}h",
    };
}
