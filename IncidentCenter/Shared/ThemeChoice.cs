namespace IncidentCenter.Shared;

/// <summary>
/// A person's light/dark choice: follow the device (the default), or always light or dark. Kept in
/// a cookie on the device, so the choice holds on the sign-in page too and needs no account data.
/// </summary>
public enum ThemeChoice { System, Light, Dark }

public static class ThemeChoices
{
    public const string CookieName = "ic-theme";

    public static ThemeChoice Parse(string? cookie) => cookie switch
    {
        "light" => ThemeChoice.Light,
        "dark" => ThemeChoice.Dark,
        _ => ThemeChoice.System,
    };

    public static string CookieValue(ThemeChoice choice) => choice.ToString().ToLowerInvariant();
}
