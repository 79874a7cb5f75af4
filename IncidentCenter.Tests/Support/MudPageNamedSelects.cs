using Bunit;

namespace IncidentCenter.Tests.Support;

/// <summary>Per-row MudSelects, whose visible label is the column header or a short word and whose name says the row.</summary>
public static class MudPageNamedSelects
{
    /// <summary>Opens the MudSelect named <paramref name="name"/> (its aria-label) inside <paramref name="within"/> and picks <paramref name="option"/>.</summary>
    public static void ChooseNamed<T>(this MudPage page, IRenderedComponent<T> within, string name, string option) where T : Microsoft.AspNetCore.Components.IComponent
    {
        within.FindAll(".mud-select").First(s => s.QuerySelector($"input[aria-label='{name}']") is not null)
            .QuerySelector(".mud-input-control")!.MouseDown();
        page.Popovers.WaitForAssertion(() => Assert.Contains(page.Popovers.FindAll(".mud-popover-open .mud-list-item"), i => i.TextContent.Trim() == option));
        page.Popovers.FindAll(".mud-popover-open .mud-list-item").First(i => i.TextContent.Trim() == option).Click();
    }
}
