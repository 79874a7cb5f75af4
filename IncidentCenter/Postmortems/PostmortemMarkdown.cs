using System.Text.RegularExpressions;

namespace IncidentCenter.Postmortems;

/// <summary>
/// The generated parts of a post-mortem sit between marker lines <c>&lt;!-- generated:NAME --&gt;</c> and
/// <c>&lt;!-- /generated:NAME --&gt;</c> (GitHub and most wikis hide HTML comments), and the front matter
/// at the top is generated as a whole. A refresh replaces only those; every other byte stays as written.
/// </summary>
public static partial class PostmortemMarkdown
{
    public static string Open(string name) => $"<!-- generated:{name} -->";

    public static string Close(string name) => $"<!-- /generated:{name} -->";

    [GeneratedRegex(@"^<!-- generated:([A-Za-z0-9_-]+) -->$")]
    private static partial Regex OpenPattern();

    [GeneratedRegex(@"^<!-- /generated:([A-Za-z0-9_-]+) -->$")]
    private static partial Regex ClosePattern();

    public static string? OpenName(string line) => OpenPattern().Match(line.Trim()) is { Success: true } m ? m.Groups[1].Value : null;

    public static string? CloseName(string line) => ClosePattern().Match(line.Trim()) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>LF line endings, no BOM: the form every stored and exported document has.</summary>
    public static string Normalize(string? markdown) =>
        (markdown ?? "").TrimStart('\uFEFF').Replace("\r\n", "\n").Replace('\r', '\n');

    /// <summary>The document without its marker lines, for the side-by-side preview (which shows HTML comments as text).</summary>
    public static string ForPreview(string markdown)
    {
        var lines = Normalize(markdown).Split('\n');
        return string.Join('\n', lines.Where(l => OpenName(l) is null && CloseName(l) is null));
    }

    /// <summary>The content between each pair of markers, by name (the first pair of a name wins).</summary>
    public static IReadOnlyDictionary<string, string> Sections(string markdown)
    {
        var lines = Normalize(markdown).Split('\n');
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            if (OpenName(lines[i]) is { } name && FindClose(lines, i + 1, name) is { } end && !sections.ContainsKey(name))
            {
                sections[name] = string.Join('\n', lines[(i + 1)..end]);
                i = end;
            }
        }
        return sections;
    }

    /// <summary>
    /// <paramref name="current"/> with the content between each pair of markers replaced by the same-named
    /// section of <paramref name="fresh"/>, and its front matter replaced by the fresh one. A section a person
    /// removed (markers and all) stays removed; a section whose markers they broke is left alone.
    /// </summary>
    public static string MergeGenerated(string current, string fresh)
    {
        current = Normalize(current);
        fresh = Normalize(fresh);
        var sections = Sections(fresh);
        var lines = current.Split('\n');
        var output = new List<string>(lines.Length);
        var start = 0;
        if (FrontMatterEnd(lines) is { } currentEnd && FrontMatterEnd(fresh.Split('\n')) is { } freshEnd)
        {
            output.AddRange(fresh.Split('\n')[..(freshEnd + 1)]);
            start = currentEnd + 1;
        }
        for (var i = start; i < lines.Length; i++)
        {
            output.Add(lines[i]);
            if (OpenName(lines[i]) is { } name && FindClose(lines, i + 1, name) is { } end && sections.TryGetValue(name, out var content))
            {
                output.AddRange(content.Split('\n'));
                output.Add(lines[end]);
                i = end;
            }
        }
        return string.Join('\n', output);
    }

    /// <summary>Problems with the markers of a template or document: an unclosed, stray or repeated marker, with its line.</summary>
    public static (int Line, string Message)? CheckMarkers(string markdown)
    {
        var lines = Normalize(markdown).Split('\n');
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? open = null;
        var openLine = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (OpenName(lines[i]) is { } name)
            {
                if (open is not null)
                {
                    return (openLine, $"The generated section \"{open}\" is not closed before the next one starts (add {Close(open)}).");
                }
                if (!seen.Add(name))
                {
                    return (i + 1, $"The generated section \"{name}\" appears twice; give each section its own name.");
                }
                (open, openLine) = (name, i + 1);
            }
            else if (CloseName(lines[i]) is { } closed)
            {
                if (closed != open)
                {
                    return (i + 1, open is null
                        ? $"{Close(closed)} closes a generated section that was not opened."
                        : $"{Close(closed)} does not match {Open(open)} on line {openLine}.");
                }
                open = null;
            }
        }
        return open is null ? null : (openLine, $"The generated section \"{open}\" is never closed (add {Close(open)}).");
    }

    private static int? FindClose(string[] lines, int from, string name)
    {
        for (var j = from; j < lines.Length; j++)
        {
            if (CloseName(lines[j]) == name)
            {
                return j;
            }
            if (OpenName(lines[j]) is not null)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>The index of the line that closes a front matter block opened on the first line.</summary>
    private static int? FrontMatterEnd(string[] lines)
    {
        if (lines.Length == 0 || lines[0] != "---")
        {
            return null;
        }
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i] is "---" or "...")
            {
                return i;
            }
        }
        return null;
    }
}
