using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using HandlebarsDotNet;
using IncidentCenter.Shared;

namespace IncidentCenter.Postmortems;

/// <summary>
/// Handlebars.Net for post-mortem templates: compiles (with a small cache keyed by the template text),
/// renders without HTML escaping (the output is Markdown), and turns template errors into messages
/// with the line. Handlebars.Net reports a location for few errors, so the line is found here.
/// </summary>
public static partial class PostmortemRenderer
{
    private static readonly IHandlebars Lenient = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });

    /// <summary>Used by <see cref="Check"/> only: an unknown placeholder is a mistake to report, not an empty string.</summary>
    private static readonly IHandlebars Strict = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true, ThrowOnUnresolvedBindingExpression = true });

    private static readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> Cache = new(StringComparer.Ordinal);
    private const int CacheLimit = 64;

    /// <summary>
    /// The Markdown for <paramref name="model"/>: LF line endings, ending with one line break.
    /// A broken template throws <see cref="ValidationFailedException"/> naming the template and the line.
    /// </summary>
    public static string Render(string templateName, string body, PostmortemModel model)
    {
        string output;
        try
        {
            output = Compiled(body)(model);
        }
        catch (Exception ex) when (ex is HandlebarsException or HandlebarsDotNet.Compiler.HandlebarsUndefinedBindingException)
        {
            var check = Check(body);
            var detail = check.Error ?? ex.Message;
            throw new ValidationFailedException($"The template \"{templateName}\" has an error, so nothing was generated. {detail} Fix it under Templates, or choose another template.");
        }
        output = PostmortemMarkdown.Normalize(output).TrimEnd('\n');
        return output + "\n";
    }

    /// <summary>Compiles <paramref name="body"/> and renders it against the sample incident; reports the first problem with its line.</summary>
    public static TemplateCheck Check(string body)
    {
        body = PostmortemMarkdown.Normalize(body);
        if (ScanTags(body) is { } structural)
        {
            return Failed(structural.Line, structural.Message);
        }
        HandlebarsTemplate<object, object> template;
        try
        {
            template = Strict.Compile(body);
        }
        catch (HandlebarsException ex)
        {
            var (line, message) = Locate(body, ex);
            return Failed(line, message);
        }
        try
        {
            template(SampleIncident.Model);
        }
        catch (Exception ex) // HandlebarsUndefinedBindingException is not a HandlebarsException
        {
            if (UndefinedPattern().Match(ex.Message) is { Success: true } m)
            {
                var name = m.Groups[1].Value;
                return Failed(LineOfTag(body, tag => Regex.IsMatch(tag, @"(^|[^A-Za-z0-9_])" + Regex.Escape(name) + @"($|[^A-Za-z0-9_])")),
                    $"\"{name}\" is not a placeholder the post-mortem knows; check its spelling (see the default templates for the names).");
            }
            return Failed(null, ex.Message);
        }
        if (PostmortemMarkdown.CheckMarkers(body) is { } marker)
        {
            return Failed(marker.Line, marker.Message);
        }
        return new TemplateCheck(true, null, null);
    }

    private static TemplateCheck Failed(int? line, string message) =>
        new(false, line is { } l ? $"Line {l}: {message}" : message, line);

    private static HandlebarsTemplate<object, object> Compiled(string body)
    {
        if (Cache.TryGetValue(body, out var cached))
        {
            return cached;
        }
        var compiled = Lenient.Compile(body);
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }
        Cache[body] = compiled;
        return compiled;
    }

    [GeneratedRegex(@"^(\S+) is undefined")]
    private static partial Regex UndefinedPattern();

    [GeneratedRegex(@"Occured at: (\d+):(\d+)")]
    private static partial Regex LocationPattern();

    private sealed record Tag(int Line, string Text);

    /// <summary>Every {{...}} with the line it starts on, comments left out; or the line of one that never ends.</summary>
    private static (List<Tag> Tags, int? UnclosedLine) Tags(string body)
    {
        var tags = new List<Tag>();
        var i = 0;
        while ((i = body.IndexOf("{{", i, StringComparison.Ordinal)) >= 0)
        {
            var line = LineAt(body, i);
            if (i > 0 && body[i - 1] == '\\')
            {
                i += 2; // an escaped, literal {{
                continue;
            }
            if (body.AsSpan(i).StartsWith("{{!--"))
            {
                var endComment = body.IndexOf("--}}", i + 5, StringComparison.Ordinal);
                if (endComment < 0)
                {
                    return (tags, line);
                }
                i = endComment + 4;
                continue;
            }
            var end = body.IndexOf("}}", i + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                return (tags, line);
            }
            while (end + 2 < body.Length && body[end + 2] == '}')
            {
                end++;
            }
            var text = body[(i + 2)..end].Trim('{', '}', '~', ' ', '\n', '\t');
            if (!text.StartsWith('!'))
            {
                tags.Add(new Tag(line, text));
            }
            i = end + 2;
        }
        return (tags, null);
    }

    /// <summary>Unclosed tags, stray or mismatched block ends, blocks never closed, partials.</summary>
    private static (int Line, string Message)? ScanTags(string body)
    {
        var (tags, unclosed) = Tags(body);
        if (unclosed is { } u)
        {
            return (u, "A {{ is never closed with }}.");
        }
        var blocks = new Stack<(string Name, int Line)>();
        foreach (var tag in tags)
        {
            if (tag.Text.StartsWith('>') || tag.Text.StartsWith("#>") || tag.Text.StartsWith("#*"))
            {
                return (tag.Line, "Partials are not supported in post-mortem templates; write the text in the template itself.");
            }
            if (tag.Text.StartsWith('#') || tag.Text.StartsWith('^'))
            {
                var name = FirstWord(tag.Text[1..]);
                if (name.Length == 0)
                {
                    return (tag.Line, "A block {{#...}} needs a name, such as {{#each KeyEvents}} or {{#if HasActionItems}}.");
                }
                blocks.Push((name, tag.Line));
            }
            else if (tag.Text.StartsWith('/'))
            {
                var name = FirstWord(tag.Text[1..]);
                if (blocks.Count == 0)
                {
                    return (tag.Line, $"{{{{/{name}}}}} closes a block that was never opened.");
                }
                var open = blocks.Pop();
                if (open.Name != name)
                {
                    return (tag.Line, $"{{{{/{name}}}}} does not match {{{{#{open.Name}}}}} opened on line {open.Line}.");
                }
            }
        }
        if (blocks.Count > 0)
        {
            var open = blocks.Pop();
            return (open.Line, $"{{{{#{open.Name}}}}} is never closed (add {{{{/{open.Name}}}}}).");
        }
        return null;
    }

    /// <summary>The line of a compile error: the one Handlebars gives, else the first tag that fails on its own.</summary>
    private static (int? Line, string Message) Locate(string body, HandlebarsException ex)
    {
        var message = ex.Message.Split('\n')[0].Trim();
        if (!message.EndsWith('.'))
        {
            message += ".";
        }
        if (LocationPattern().Match(ex.Message) is { Success: true } m)
        {
            return (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), message);
        }
        foreach (var tag in Tags(body).Tags)
        {
            var alone = tag.Text.StartsWith('#') || tag.Text.StartsWith('^')
                ? "{{" + tag.Text + "}}{{/" + FirstWord(tag.Text[1..]) + "}}"
                : tag.Text.StartsWith('/') || tag.Text == "else" || tag.Text.StartsWith("else ") ? null : "{{" + tag.Text + "}}";
            if (alone is null)
            {
                continue;
            }
            try
            {
                Lenient.Compile(alone);
            }
            catch (HandlebarsException)
            {
                return (tag.Line, message);
            }
        }
        return (null, message);
    }

    private static int? LineOfTag(string body, Func<string, bool> match) => Tags(body).Tags.FirstOrDefault(t => match(t.Text))?.Line;

    private static string FirstWord(string text)
    {
        var trimmed = text.TrimStart();
        var end = trimmed.IndexOfAny([' ', '\n', '\t', '}']);
        return end < 0 ? trimmed : trimmed[..end];
    }

    private static int LineAt(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }
        return line;
    }
}
