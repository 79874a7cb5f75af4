using IncidentCenter.Incidents;
using Microsoft.AspNetCore.Components;

namespace IncidentCenter.Shared;

/// <summary>
/// The one shape for a component that follows incident changes: it loads its own data, and reloads it
/// (bursts coalesced, on the renderer's context) when one incident, or any incident, changes in one of
/// the kinds it lists in <see cref="ReloadsOn"/>. After its own successful action a component does not
/// reload by hand: the notifier's echo of that action is the reload.
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private IDisposable? _subscription;
    private RefreshCoalescer? _refresher;
    private Scope? _followed;

    [Inject] private IncidentNotifier Notifier { get; set; } = default!;

    /// <summary>Every kind of change; for a component whose data any change can affect.</summary>
    protected static readonly IReadOnlySet<IncidentChangeKind> AnyChange = Enum.GetValues<IncidentChangeKind>().ToHashSet();

    /// <summary>The kinds of change that make this component reload; the others pass it by.</summary>
    protected abstract IReadOnlySet<IncidentChangeKind> ReloadsOn { get; }

    /// <summary>Loads the component's data (no render; the caller renders).</summary>
    protected abstract Task LoadAsync();

    /// <summary>What a followed change runs before the render: by default <see cref="LoadAsync"/>.</summary>
    protected virtual Task ReloadAsync() => LoadAsync();

    /// <summary>The incident followed, or null when following all incidents.</summary>
    protected int? FollowedIncidentId => _followed?.IncidentId;

    /// <summary>
    /// Follows one incident (or all when <paramref name="incidentId"/> is null) from now on. Returns true when
    /// that is a change (first call, or another incident): the caller then loads; false when already following it.
    /// </summary>
    protected bool Follow(int? incidentId)
    {
        var scope = new Scope(incidentId);
        if (_followed == scope)
        {
            return false;
        }
        _subscription?.Dispose();
        _followed = scope;
        _refresher ??= new RefreshCoalescer(async () => { await ReloadAsync(); StateHasChanged(); });
        Func<IncidentChanged, Task> handler = change => !ReloadsOn.Contains(change.Kind) ? Task.CompletedTask : InvokeAsync(async () =>
        {
            try
            {
                await _refresher.RequestAsync();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });
        _subscription = incidentId is { } id ? Notifier.Subscribe(id, handler) : Notifier.SubscribeAll(handler);
        return true;
    }

    public virtual void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed record Scope(int? IncidentId);
}
