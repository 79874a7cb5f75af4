namespace IncidentCenter.Shared;

/// <summary>
/// MudBlazor 9.14's classes for a button, for the plain buttons of the incident page's panels: a MudButton is two
/// components with their own state per button in every open page (bench/circuit.sh), a plain button with these
/// classes looks and behaves the same to the person (MudBlazor's CSS: colours, hover, focus ring, light and dark).
/// </summary>
public static class MudLook
{
    /// <param name="variant">filled, outlined or text</param>
    /// <param name="color">default, primary, warning, error…</param>
    /// <param name="size">small or medium</param>
    public static string Button(string variant, string color = "default", string size = "small") =>
        $"mud-button-root mud-button mud-button-{variant} mud-button-{variant}-{color} mud-button-{variant}-size-{size} mud-ripple";
}
