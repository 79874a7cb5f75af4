using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace IncidentCenter.Tests.Support;

/// <summary>
/// bUnit for the incident page's components: the app's own services on the test's real SQLite file
/// (<see cref="TestApp"/>, with its fake clock), MudBlazor's services, and JS interop that answers
/// what it is not told with defaults. Components are rendered as a signed-in person, under a popover
/// provider (menus, selects and autocompletes open into it).
/// </summary>
public static class IncidentBunit
{
    public static BunitContext Create(IServiceProvider appServices)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        // MudBlazor registers the system clock; the components read the test's fake one.
        context.Services.AddSingleton(appServices.GetRequiredService<TimeProvider>());
        context.AddBunitPersistentComponentState();
        context.Services.AddFallbackServiceProvider(appServices);
        return context;
    }

    /// <summary>Renders <paramref name="content"/> as <paramref name="user"/> and returns the component of type <typeparamref name="T"/> in it.</summary>
    public static IRenderedComponent<T> RenderAs<T>(this BunitContext context, ClaimsPrincipal user, RenderFragment content) where T : IComponent =>
        context.RenderPage(user, content).FindComponent<T>();

    /// <summary>
    /// Renders <paramref name="content"/> as <paramref name="user"/> under a popover provider and returns the whole
    /// render (what opens in a popover is there, outside the component that opened it).
    /// </summary>
    public static IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPage(this BunitContext context, ClaimsPrincipal user, RenderFragment content) =>
        context.Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<CascadingValue<Task<AuthenticationState>>>(1);
            b.AddComponentParameter(2, "Value", Task.FromResult(new AuthenticationState(user)));
            b.AddComponentParameter(3, "ChildContent", content);
            b.CloseComponent();
        });

    /// <summary>Renders <typeparamref name="T"/> with the given parameters as <paramref name="user"/>.</summary>
    public static IRenderedComponent<T> RenderAs<T>(this BunitContext context, ClaimsPrincipal user, params (string Name, object? Value)[] parameters) where T : IComponent =>
        context.RenderAs<T>(user, b =>
        {
            b.OpenComponent<T>(0);
            foreach (var (name, value) in parameters)
            {
                b.AddComponentParameter(1, name, value);
            }
            b.CloseComponent();
        });

    /// <summary>The input a visible label names (its text, without MudBlazor's required mark), as GetByLabel finds it.</summary>
    public static AngleSharp.Dom.IElement Labelled<T>(this IRenderedComponent<T> rendered, string label) where T : IComponent
    {
        var tag = rendered.FindAll("label").First(l => l.TextContent.Trim().TrimEnd('*') == label);
        return rendered.Find($"#{tag.GetAttribute("for")}");
    }

    /// <summary>The button with these words, as a person finds it.</summary>
    public static AngleSharp.Dom.IElement Button<T>(this IRenderedComponent<T> rendered, string words) where T : IComponent =>
        rendered.FindAll("button").Single(b => b.TextContent.Trim() == words || b.GetAttribute("aria-label") == words);

    /// <summary>The words of every button shown.</summary>
    public static string[] Buttons<T>(this IRenderedComponent<T> rendered) where T : IComponent =>
        rendered.FindAll("button").Where(b => b.GetAttribute("aria-hidden") != "true")
            .Select(b => b.TextContent.Trim() is { Length: > 0 } text ? text : b.GetAttribute("aria-label") ?? "").ToArray();

    /// <summary>The texts of the snackbars shown so far.</summary>
    public static string[] Snackbars(this BunitContext context) =>
        context.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "").ToArray();
}
