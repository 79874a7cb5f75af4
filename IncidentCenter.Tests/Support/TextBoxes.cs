using Bunit;
using IncidentCenter.Shared;
using Microsoft.AspNetCore.Components;

namespace IncidentCenter.Tests.Support;

public static class TextBoxes
{
    /// <summary>
    /// The text in the <see cref="TextBox"/> whose input has this id: what was typed in it, or what the page last set.
    /// Not the markup's value attribute: a TextBox does not render a keystroke's echo (in a browser the box already
    /// shows it), so after typing the attribute still holds the text the page last set. A page that writes other
    /// text into the box changes this too, so "the typed text stays" is still checked.
    /// </summary>
    public static string TextOf<T>(this IRenderedComponent<T> cut, string inputId) where T : class, IComponent =>
        cut.FindComponents<TextBox>().Single(t => t.Find("input, textarea").Id == inputId).Instance.Value ?? "";
}
