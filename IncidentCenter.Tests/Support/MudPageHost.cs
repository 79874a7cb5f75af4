using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace IncidentCenter.Tests.Support;

/// <summary>
/// Stands in for the router and MainLayout in a bUnit test: a page under a signed-in user, with the
/// MudBlazor providers the layout renders (popovers for selects, dialogs, snackbars).
/// </summary>
public sealed class MudPageHost<TPage> : ComponentBase where TPage : IComponent
{
    [Parameter] public ClaimsPrincipal User { get; set; } = new();

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
        builder.OpenComponent<CascadingValue<Task<AuthenticationState>>>(3);
        builder.AddComponentParameter(4, "Value", Task.FromResult(new AuthenticationState(User)));
        builder.AddComponentParameter(5, "ChildContent", (RenderFragment)(b =>
        {
            b.OpenComponent<TPage>(6);
            b.CloseComponent();
        }));
        builder.CloseComponent();
    }
}
