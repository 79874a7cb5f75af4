namespace IncidentCenter.Incidents;

/// <summary>
/// The declare form's "Affected services" box: what it offers for the text typed in it, and which names
/// a pick adds. The text in the box may hold several names separated by commas; the last one is the one
/// being typed. Names compare ignoring case.
/// </summary>
public static class ServicePicks
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// The names offered for <paramref name="text"/>: the name being typed first when it is new, then the known
    /// names that contain it; never a name already chosen or typed earlier in the box. After a trailing comma
    /// nothing is offered (the names typed are what Enter or leaving the box adds).
    /// </summary>
    public static IReadOnlyList<string> Suggest(string? text, IEnumerable<string> known, IEnumerable<string> chosen, int max = 20)
    {
        var (earlier, typing) = Parts(text);
        if (typing.Length == 0 && earlier.Count > 0)
        {
            return [];
        }
        var taken = new HashSet<string>(chosen.Concat(earlier), Names);
        var offered = known
            .Where(n => !taken.Contains(n))
            .Where(n => typing.Length == 0 || n.Contains(typing, StringComparison.OrdinalIgnoreCase))
            .Distinct(Names)
            .Take(max)
            .ToList();
        if (typing.Length > 0 && !taken.Contains(typing) && !offered.Contains(typing, Names))
        {
            offered.Insert(0, typing);
        }
        return offered;
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

    private static (IReadOnlyList<string> Earlier, string Typing) Parts(string? text)
    {
        var value = text ?? "";
        var comma = value.LastIndexOf(',');
        return comma < 0
            ? ([], value.Trim())
            : (ServiceNames.Split(value[..comma]), value[(comma + 1)..].Trim());
    }
}
