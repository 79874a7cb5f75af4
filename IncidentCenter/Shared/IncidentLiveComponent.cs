using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace IncidentCenter.Shared;

/// <summary>
/// A panel of the incident page on <see cref="LiveComponent"/>: follows the incident it is given, and loads
/// again when the page moves it to another incident.
/// </summary>
public abstract class IncidentLiveComponent : LiveComponent
{
    [Parameter, EditorRequired] public int IncidentId { get; set; }
    [Parameter] public bool CanRespond { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected async Task<ClaimsPrincipal> UserAsync() => (await AuthState).User;

    protected override async Task OnParametersSetAsync()
    {
        if (Follow(IncidentId))
        {
            await OnIncidentChangedAsync();
            await LoadAsync();
        }
    }

    /// <summary>Called before the first load and when the page moves the panel to another incident: forget per-incident state.</summary>
    protected virtual Task OnIncidentChangedAsync() => Task.CompletedTask;
}
