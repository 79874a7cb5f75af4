using System.Net;
using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace IncidentCenter.Shared;

/// <summary>
/// Markdown to HTML for text people type during an incident: raw HTML is escaped, and links or
/// images whose address is not http(s), mailto or relative lose their address.
/// It never throws: text Markdig cannot render (nesting deeper than <see cref="MaxNestingDepth"/>,
/// which Markdig refuses with an exception, or any other failure) and text longer than
/// <see cref="MaxMarkdownLength"/> are shown as escaped plain text with their line breaks, so one
/// pasted input can never take a page, a feed or the public status page down with it.
/// </summary>
public static class SafeMarkdown
{
    /// <summary>
    /// Longest text rendered as Markdown: the longest post-mortem the app accepts (1,000,000
    /// characters). Anything longer is shown as plain text; Markdig's cost is linear in practice
    /// but a page never needs more.
    /// </summary>
    public const int MaxMarkdownLength = 1_000_000;

    /// <summary>
    /// Deepest nesting of blocks and inlines (quotes in quotes, lists in lists, emphasis, links)
    /// rendered as Markdown. Real documents stay below 10; Markdig's own default is 128. Deeper
    /// text is refused by Markdig with an exception, which this class turns into plain text.
    /// </summary>
    public const int MaxNestingDepth = 64;

    /// <summary>
    /// Most '[' in one paragraph rendered as Markdown. Markdig matches brackets and scans link
    /// destinations in time that grows with the square of their number on one paragraph (10,000
    /// nested links take minutes); a real paragraph has a handful. More falls back to plain text.
    /// </summary>
    public const int MaxBracketsPerParagraph = 1_000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder
        {
            MaximumNestingDepth = MaxNestingDepth,
        }
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseAutoLinks()
        // Post-mortems start with YAML front matter for scripts; it is not for reading.
        .UseYamlFrontMatter()
        .Build();

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return "";
        }
        if (markdown.Length > MaxMarkdownLength || TooManyBrackets(markdown))
        {
            return PlainText(markdown);
        }
        try
        {
            return Render(markdown);
        }
        catch (Exception)
        {
            // Markdig throws on nesting past MaxNestingDepth; any other failure of the parser or
            // renderer is treated the same way: the text is still shown, only without formatting.
            return PlainText(markdown);
        }
    }

    private static string Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url))
            {
                link.Url = "";
            }
        }
        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafeUrl(link.Url))
            {
                link.Url = "";
            }
        }
        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer) { MaximumNestingDepth = MaxNestingDepth };
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>True when a paragraph (text between blank lines) holds more '[' than allowed.</summary>
    private static bool TooManyBrackets(string markdown)
    {
        var brackets = 0;
        var lineHasText = false;
        foreach (var c in markdown)
        {
            if (c == '[' && ++brackets > MaxBracketsPerParagraph)
            {
                return true;
            }
            if (c == '\n')
            {
                if (!lineHasText)
                {
                    brackets = 0; // a blank line ends the paragraph
                }
                lineHasText = false;
            }
            else if (!char.IsWhiteSpace(c))
            {
                lineHasText = true;
            }
        }
        return false;
    }

    /// <summary>The text as it was typed, HTML-encoded, one &lt;br&gt; per line break.</summary>
    internal static string PlainText(string text)
    {
        var html = new StringBuilder(text.Length + 64);
        html.Append("<p class=\"markdown-plain\">");
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                html.Append("<br>\n");
            }
            // As Markdig does (CommonMark): NUL becomes the replacement character.
            html.Append(WebUtility.HtmlEncode(lines[i].Replace('\0', '\uFFFD')));
        }
        html.Append("</p>\n");
        return html.ToString();
    }

    internal static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }
        // Browsers ignore control characters and white space inside a scheme ("java\tscript:").
        var cleaned = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = cleaned.IndexOf(':');
        if (colon < 0)
        {
            return true;
        }
        var firstDelimiter = cleaned.IndexOfAny(['/', '?', '#']);
        if (firstDelimiter >= 0 && firstDelimiter < colon)
        {
            return true; // a relative address with a colon later on
        }
        var scheme = cleaned[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }
}
