using IncidentCenter.Incidents;
using MudBlazor;
using Severity = IncidentCenter.Incidents.Severity;

namespace IncidentCenter.Shared;

/// <summary>
/// The one set of colours for severities and states: the app's chips and charts take them from
/// here, and the public page's stylesheet is generated from them (<see cref="Css"/>). Every colour
/// carries white text at a contrast of at least 4.5:1 (WCAG AA), checked by PaletteTests.
/// </summary>
public static class AppPalette
{
    public static string SeverityColor(Severity severity) => severity switch
    {
        Severity.Sev1 => "#b91c1c",
        Severity.Sev2 => "#c2410c",
        Severity.Sev3 => "#a16207",
        _ => "#4b5563",
    };

    public static string StateColor(IncidentState state) => state switch
    {
        IncidentState.Investigating => "#b91c1c",
        IncidentState.Identified => "#c2410c",
        IncidentState.Monitoring => "#1d4ed8",
        IncidentState.Resolved => "#15803d",
        _ => "#4b5563",
    };

    public const string Operational = "#15803d";
    public const string Maintenance = "#1d4ed8";
    public const string Degraded = "#a16207";
    public const string PartialOutage = "#c2410c";
    public const string MajorOutage = "#b91c1c";

    /// <summary>The same hues, light enough for text on a dark surface (4.5:1 on #1f2937).</summary>
    public static class Dark
    {
        public const string Operational = "#86efac";
        public const string Maintenance = "#93c5fd";
        public const string Degraded = "#fde047";
        public const string PartialOutage = "#fdba74";
        public const string MajorOutage = "#fca5a5";
    }

    /// <summary>Series colours for charts, in order: the severities first, then neutral blues.</summary>
    public static readonly string[] Chart =
        [SeverityColor(Severity.Sev1), SeverityColor(Severity.Sev2), SeverityColor(Severity.Sev3), SeverityColor(Severity.Sev4), "#1d4ed8", "#0f766e", "#7c3aed"];

    /// <summary>The app's MudBlazor theme, light and dark, built on the same colours.</summary>
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4ed8",
            Secondary = "#4b5563",
            Error = MajorOutage,
            Warning = PartialOutage,
            Success = Operational,
            Info = "#1d4ed8",
            AppbarBackground = "#1f2937",
            AppbarText = "#f9fafb",
            Background = "#f3f4f6",
            TextSecondary = "#4b5563",
            ActionDefault = "#374151",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#93c5fd",
            // Filled buttons and chips on the light dark-mode tones carry dark text (white on #93c5fd is 1.9:1).
            PrimaryContrastText = "#0b1220",
            ErrorContrastText = "#0b1220",
            SuccessContrastText = "#0b1220",
            WarningContrastText = "#0b1220",
            InfoContrastText = "#0b1220",
            Secondary = "#d1d5db",
            Error = "#fca5a5",
            Warning = "#fdba74",
            Success = "#86efac",
            Info = "#93c5fd",
            AppbarBackground = "#111827",
            AppbarText = "#f9fafb",
            Background = "#0b1220",
            Surface = "#1f2937",
            DrawerBackground = "#111827",
            TextPrimary = "#f3f4f6",
            TextSecondary = "#d1d5db",
            ActionDefault = "#e5e7eb",
        },
    };

    /// <summary>
    /// The severity, state and component-status classes as CSS, served at <c>/palette.css</c> to the
    /// app and to the public page alike.
    /// </summary>
    public static string Css()
    {
        var css = new System.Text.StringBuilder();
        foreach (var severity in Enum.GetValues<Severity>())
            css.Append($".sev-{severity}{{background:{SeverityColor(severity)};color:#fff}}\n");
        foreach (var state in Enum.GetValues<IncidentState>())
            css.Append($".state-{state}{{background:{StateColor(state)};color:#fff}}\n");
        css.Append($".banner-operational{{background:{Operational}}}\n.banner-maintenance{{background:{Maintenance}}}\n")
           .Append($".banner-degraded{{background:{Degraded}}}\n.banner-partialoutage{{background:{PartialOutage}}}\n.banner-majoroutage{{background:{MajorOutage}}}\n")
           .Append($".cs-operational{{color:{Operational}}}\n.cs-degraded{{color:{Degraded}}}\n.cs-partial{{color:{PartialOutage}}}\n")
           .Append($".cs-major{{color:{MajorOutage}}}\n.cs-maintenance{{color:{Maintenance}}}\n")
           // The public incident's impact edge and the uptime bars' days, in the same colours.
           .Append($".public-incident.impact-minor{{border-left-color:{SeverityColor(Severity.Sev3)}}}\n.public-incident.impact-major{{border-left-color:{SeverityColor(Severity.Sev2)}}}\n")
           .Append($".public-incident.impact-critical{{border-left-color:{SeverityColor(Severity.Sev1)}}}\n")
           .Append($".day{{background:{Operational}}}\n.day-degraded{{background:{Degraded}}}\n.day-partial{{background:{PartialOutage}}}\n")
           .Append($".day-major{{background:{MajorOutage}}}\n.day-maintenance{{background:{Maintenance}}}\n");
        // The public page follows the reader's colour scheme: on its dark surface, coloured text
        // takes the lighter tone of the same hue. (The app's chips are white on the strong colour,
        // which reads in both of its themes.)
        css.Append("@media (prefers-color-scheme: dark){")
           .Append($".public-page .cs-operational{{color:{Dark.Operational}}}.public-page .cs-degraded{{color:{Dark.Degraded}}}")
           .Append($".public-page .cs-partial{{color:{Dark.PartialOutage}}}.public-page .cs-major{{color:{Dark.MajorOutage}}}")
           .Append($".public-page .cs-maintenance{{color:{Dark.Maintenance}}}}}\n");
        return css.ToString();
    }
}
