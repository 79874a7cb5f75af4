using System.Security.Claims;
using IncidentCenter.Incidents;
using IncidentCenter.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace IncidentCenter.Playbooks.Pages;

/// <summary>
/// A part of the incident page that loads its own data and reloads it when the incident changes in a way
/// it cares about (bursts coalesced), so it stays live without the page passing anything down.
/// </summary>
public abstract class IncidentLiveComponent : ComponentBase, IDisposable
{
    private IDisposable? _subscription;
    private RefreshCoalescer? _refresher;
    private int _subscribedId;

    [Inject] private IncidentNotifier Notifier { get; set; } = default!;

    [Parameter, EditorRequired] public int IncidentId { get; set; }
    [Parameter] public bool CanRespond { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected abstract bool ReloadsOn(IncidentChangeKind kind);

    protected abstract Task LoadAsync();

    protected async Task<ClaimsPrincipal> UserAsync() => (await AuthState).User;

    protected override async Task OnParametersSetAsync()
    {
        if (_subscribedId == IncidentId)
        {
            return;
        }
        _subscription?.Dispose();
        _subscribedId = IncidentId;
        _refresher ??= new RefreshCoalescer(async () => { await LoadAsync(); StateHasChanged(); });
        _subscription = Notifier.Subscribe(IncidentId, change => !ReloadsOn(change.Kind) ? Task.CompletedTask : InvokeAsync(async () =>
        {
            try
            {
                await _refresher.RequestAsync();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        }));
        await LoadAsync();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
