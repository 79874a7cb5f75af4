using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace IncidentCenter.Tests.Hostile;

/// <summary>
/// Text meant to break pages: control characters (NUL first), bidirectional overrides, lone and
/// reversed surrogates, HTML, Markdown, FTS5 and template syntax, and nesting far deeper than
/// Markdig accepts (10,000 '>' or '[' or '*'). Generated with FsCheck; each case also carries an
/// ASCII marker that the tests look for on the rendered pages, so "the text is shown" is checked,
/// not only "the page answered".
/// </summary>
public static class HostileText
{
    private static readonly char[] Controls =
        ['\0', '\u0001', '\u0007', '\b', '\t', '\n', '\u000B', '\f', '\r', '\u001B', '\u001F', '\u007F', '\u0085', '\u009B', '\u2028', '\u2029', '\uFEFF', '\uFFFE', '\uFFFF'];

    private static readonly string[] Bidi = ["\u202E", "\u202D", "\u202A", "\u202B", "\u202C", "\u2066", "\u2067", "\u2068", "\u2069", "\u200F", "\u200E", "\u061C", "\u202Egnp.exe"];

    private static readonly string[] Surrogates = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDFFF\uD800", "a\uD83D", "\uDE00b", "\uD83D\uDE00"];

    private static readonly string[] Fragments =
    [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "</textarea><script>alert(2)</script>",
        "\"><script>alert(3)</script>", "'; alert(4); '", "[click](javascript:alert(1))", "<javascript:alert(1)>", "![x](data:text/html,1)",
        "```", "~~~", "    indented code", "| a | b |\n|---|---|\n| 1 | 2 |", "---", "===", "# ", "- [ ] ", "[^1]", "<!--", "-->", "<![CDATA[", "]]>",
        "&amp;", "&#0;", "&#x202E;", "&lt;script&gt;", "{{title}}", "{{{body}}}", "{{#each x}}", "%s%n%x", "${7*7}", "\\", "\"", "'", "`",
        "NEAR(a b)", "title:x", "a OR b", "\"\"\"", "*", "^", "-x", "( )", "' OR 1=1 --", "%", "_", "%00", "%ZZ", "%ED%A0%80", "+",
        "INC-1", "INC-99999999999", "INC-", "javascript:", "data:", "mailto:", "http://", "//evil.example", "\\\\evil",
        "\u0301\u0301\u0301", "e\u0301", "\u200B", "\u00A0", "\u3000", "\uFDD0", "🔥", "👩‍👩‍👧‍👦", "ﷺ", "𒐫",
    ];

    /// <summary>Repeated to build nesting: block quotes, lists, links, emphasis, code, HTML-looking brackets.</summary>
    private static readonly string[] Nesters = [">", "> ", "[", "*", "**", "_", "- ", "1. ", "(", "`", "~~", "<", "![", "[x](", "]", "#", "|", "\\"];

    private static readonly int[] Depths = [2, 65, 129, 300, 1_001, 5_000, 10_000];

    private static Gen<string> Piece { get; } = Gen.Frequency(
        (4, Gen.Elements(Fragments)),
        (2, from c in Gen.Elements(Controls) from n in Gen.Choose(1, 3) select new string(c, n)),
        (2, Gen.Elements(Bidi)),
        (2, Gen.Elements(Surrogates)),
        (3, from s in Gen.Elements(Nesters) from n in Gen.Elements(Depths) select Repeat(s, n)),
        (2, from n in Gen.Choose(1, 40) select new string('w', n) + " words"));

    /// <summary>One to six pieces, joined by nothing, a space, a line break or a blank line.</summary>
    public static Gen<string> Text { get; } =
        from count in Gen.Choose(1, 6)
        from pieces in Gen.ListOf(Piece, count)
        from separator in Gen.Elements("", " ", "\n", "\n\n", "\r\n")
        select string.Join(separator, pieces);

    public static Gen<HostileCase> Cases { get; } =
        from text in Text
        from other in Text
        from n in Gen.Choose(0, int.MaxValue)
        select new HostileCase($"zq{n:x8}k", text, other);

    /// <summary>A separator and a count; for nesting, e.g. Repeat("&gt;", 10_000).</summary>
    public static string Repeat(string piece, int times) => new StringBuilder(piece.Length * times).Insert(0, piece, times).ToString();

    /// <summary>The first <paramref name="max"/> characters (may split a surrogate pair, which is one more hostile case).</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>A JSON string literal that sends every non-ASCII or control character as \uXXXX, lone surrogates included.</summary>
    public static string Json(string text)
    {
        var json = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\' || c < 0x20 || c > 0x7E)
            {
                json.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                json.Append(c);
            }
        }
        return json.Append('"').ToString();
    }

    /// <summary>Percent-encodes the text's UTF-8 (lone surrogates become U+FFFD, as a browser sends them).</summary>
    public static string Query(string text)
    {
        var query = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                query.Append((char)b);
            }
            else
            {
                query.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return query.ToString();
    }

    /// <summary>Short, readable form for failure messages: length plus the start with non-ASCII escaped.</summary>
    public static string Describe(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Take(160))
        {
            shown.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}");
        }
        return $"[{text.Length} chars] {shown}{(text.Length > 160 ? "…" : "")}";
    }
}

/// <summary>One fuzz case: a marker to find on the pages, and two hostile texts.</summary>
public sealed record HostileCase(string Marker, string Text, string Other)
{
    public override string ToString() => $"{Marker}: {HostileText.Describe(Text)} / {HostileText.Describe(Other)}";
}
