namespace IncidentCenter.Postmortems;

/// <summary>
/// Computes the blameless hints for the editor off the render path: a pause after the last
/// keystroke, then on the thread pool. Only the newest text's hints are delivered, so a slow
/// scan of an old text never overwrites the hints of a newer one.
/// </summary>
public sealed class BlameHintsWorker : IDisposable
{
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(400);

    private readonly Func<IReadOnlyList<BlameHint>, Task> _deliver;
    private readonly Func<Exception, Task> _fail;
    private readonly TimeSpan _delay;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private string? _pending;
    private long _version;
    private bool _disposed;

    public BlameHintsWorker(TimeProvider clock, Func<IReadOnlyList<BlameHint>, Task> deliver, Func<Exception, Task> fail, TimeSpan? delay = null)
    {
        _deliver = deliver;
        _fail = fail;
        _delay = delay ?? DefaultDelay;
        _timer = clock.CreateTimer(_ => _ = RunAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Schedules a scan of <paramref name="text"/>; at once when the text was just loaded, after a pause while typing.</summary>
    public void Request(string text, bool immediately = false)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _pending = text;
            _version++;
            _timer.Change(immediately ? TimeSpan.Zero : _delay, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RunAsync()
    {
        string? text;
        long version;
        lock (_gate)
        {
            text = _pending;
            version = _version;
        }
        if (text is null)
        {
            return;
        }
        try
        {
            var hints = await Task.Run(() => BlamelessHints.Find(text));
            lock (_gate)
            {
                if (_disposed || version != _version)
                {
                    return;
                }
                _pending = null;
            }
            await _deliver(hints);
        }
        catch (Exception ex)
        {
            await _fail(ex);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }
        _timer.Dispose();
    }
}
