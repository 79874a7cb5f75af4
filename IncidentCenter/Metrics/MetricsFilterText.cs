using System.Globalization;

namespace IncidentCenter.Metrics;

/// <summary>The metrics filters as the form holds them (what the address asked for, then what is typed), and the address Show leads to.</summary>
public sealed class MetricsFilterText
{
    public string? From { get; set; }
    public string? To { get; set; }
    public string Period { get; set; } = "month";
    public string Severity { get; set; } = "all";

    /// <summary>The address's own words, before they are read: kept in the form even when they cannot be.</summary>
    public void Asked(string? period, string? severity)
    {
        Period = period ?? Period;
        Severity = severity ?? Severity;
    }

    /// <summary>The request as read, with its defaults filled in.</summary>
    public void Show(MetricsRequest request)
    {
        From = DateText(request.From);
        To = DateText(request.To);
        Period = request.Period.ToString().ToLowerInvariant();
        Severity = request.Severity?.ToString().ToLowerInvariant() ?? "all";
    }

    public string Address =>
        $"/metrics?from={Uri.EscapeDataString(From ?? "")}&to={Uri.EscapeDataString(To ?? "")}&period={Uri.EscapeDataString(Period)}&severity={Uri.EscapeDataString(Severity)}";

    private static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
