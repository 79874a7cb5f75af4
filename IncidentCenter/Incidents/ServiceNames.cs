namespace IncidentCenter.Incidents;

/// <summary>Service names as people type them on the declare form: several at once, separated by commas.</summary>
public static class ServiceNames
{
    /// <summary>The trimmed, non-empty names in <paramref name="text"/>, each once (ignoring case), in the order typed.</summary>
    public static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
