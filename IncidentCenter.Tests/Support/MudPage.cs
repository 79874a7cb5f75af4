using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace IncidentCenter.Tests.Support;

/// <summary>
/// A bUnit context for the app's MudBlazor components: the app's own services on real SQLite (through
/// <see cref="TestApp"/>, with its fake clock), MudBlazor's services with the popover, dialog and snackbar
/// providers rendered (selects open, dialogs ask, snackbars speak), JS interop answered loosely, and
/// the given person signed in.
/// </summary>
public sealed class MudPage : IAsyncDisposable
{
    public BunitContext Context { get; } = new();
    public IRenderedComponent<MudPopoverProvider> Popovers { get; }
    public IRenderedComponent<MudDialogProvider> Dialogs { get; }
    public IRenderedComponent<MudSnackbarProvider> Snackbars { get; }

    public MudPage(TestApp app, ClaimsPrincipal user)
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        Context.Services.AddCascadingValue(_ => Task.FromResult(new AuthenticationState(user)));
        Context.Services.AddFallbackServiceProvider(app.Services);
        Popovers = Context.Render<MudPopoverProvider>();
        Dialogs = Context.Render<MudDialogProvider>();
        Snackbars = Context.Render<MudSnackbarProvider>();
    }

    /// <summary>A person with the given role claims (the pages read roles from the principal).</summary>
    public static ClaimsPrincipal Person(TestUser user, params string[] roles) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    public IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : Microsoft.AspNetCore.Components.IComponent =>
        parameters is null ? Context.Render<T>() : Context.Render<T>(parameters);

    /// <summary>Opens the MudSelect whose label is <paramref name="label"/> inside <paramref name="within"/> and picks the option that reads <paramref name="option"/>.</summary>
    public void Choose<T>(IRenderedComponent<T> within, string label, string option) where T : Microsoft.AspNetCore.Components.IComponent
    {
        var select = within.FindAll(".mud-select").First(s => s.QuerySelector("label")?.TextContent.Trim() == label);
        select.QuerySelector(".mud-input-control")!.MouseDown();
        Popovers.WaitForAssertion(() => Assert.Contains(Popovers.FindAll(".mud-popover-open .mud-list-item"), i => i.TextContent.Trim() == option));
        Popovers.FindAll(".mud-popover-open .mud-list-item").First(i => i.TextContent.Trim() == option).Click();
    }

    /// <summary>The open dialog's text; fails when none is open.</summary>
    public string DialogText() => Dialogs.Find(".mud-dialog").TextContent;

    /// <summary>Presses the open dialog's button that reads <paramref name="name"/>.</summary>
    public void AnswerDialog(string name) =>
        Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == name).Click();

    /// <summary>Every snackbar message shown so far and still up.</summary>
    public IReadOnlyList<string> Said() => Snackbars.FindAll(".mud-snackbar").Select(s => s.TextContent.Trim()).ToList();

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}
