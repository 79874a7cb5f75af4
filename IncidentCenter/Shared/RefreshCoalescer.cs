namespace IncidentCenter.Shared;

/// <summary>
/// Runs a page's reload once per burst of change notifications: while a reload runs, further
/// requests only mark it dirty, and one more reload follows. Used from the renderer's
/// synchronization context (through InvokeAsync), so it needs no locking.
/// </summary>
public sealed class RefreshCoalescer(Func<Task> refresh)
{
    private bool _running;
    private bool _pending;

    public async Task RequestAsync()
    {
        if (_running)
        {
            _pending = true;
            return;
        }
        _running = true;
        try
        {
            do
            {
                _pending = false;
                await refresh();
            }
            while (_pending);
        }
        finally
        {
            _running = false;
        }
    }
}
