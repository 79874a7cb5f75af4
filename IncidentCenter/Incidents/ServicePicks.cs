namespace IncidentCenter.Incidents;

/// <summary>
/// The declare form's "Affected services" box: the known names it suggests, and how typed names join the chosen
/// ones. Names compare ignoring case.
/// </summary>
public static class ServicePicks
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    /// <summary>The known names not chosen yet, each once, in the catalogue's order.</summary>
    public static IReadOnlyList<string> Offered(IEnumerable<string> known, IEnumerable<string> chosen)
    {
        var taken = new HashSet<string>(chosen, Names);
        return known.Where(n => !taken.Contains(n)).Distinct(Names).ToList();
    }

    /// <summary>Adds <paramref name="names"/> to <paramref name="chosen"/> once each, spelled as the known name when there is one.</summary>
    public static void Add(List<string> chosen, IEnumerable<string> names, IEnumerable<string> known)
    {
        foreach (var name in names)
        {
            if (!chosen.Contains(name, Names))
            {
                chosen.Add(known.FirstOrDefault(k => Names.Equals(k, name)) ?? name);
            }
        }
    }
}
