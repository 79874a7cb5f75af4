using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace IncidentCenter.Shared;

/// <summary>
/// The framework's <see cref="Microsoft.AspNetCore.Components.Routing.FocusOnNavigate"/>, except that it never takes the focus from a text field
/// or an open dialog: a person who starts typing (or presses "t" for the timeline composer) the moment a
/// page appears keeps the field they are in when the page becomes interactive a moment later. Otherwise,
/// after each navigation, the page's heading takes the focus so a screen reader announces the new page.
/// </summary>
public sealed class FocusHeadingOnNavigate : ComponentBase
{
    private Type? _lastPage;
    private bool _focusAfterRender;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public Microsoft.AspNetCore.Components.RouteData RouteData { get; set; } = default!;

    [Parameter] public string Selector { get; set; } = "h1";

    protected override void OnParametersSet()
    {
        if (RouteData.PageType != _lastPage)
        {
            _lastPage = RouteData.PageType;
            _focusAfterRender = true;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusAfterRender)
        {
            _focusAfterRender = false;
            try
            {
                await JS.InvokeVoidAsync("icFocus.headingUnlessBusy", Selector);
            }
            catch (JSDisconnectedException)
            {
                // The page went away before it could take the focus: nothing to do.
            }
        }
    }
}
