using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using IncidentCenter.Shared;

namespace IncidentCenter.Tests.Shared;

public class SafeMarkdownTests
{
    private static IDocument Render(string markdown) => new HtmlParser().ParseDocument(SafeMarkdown.ToHtml(markdown));

    /// <summary>What a browser would run: script elements, event handler attributes, script URLs.</summary>
    private static void AssertInert(IDocument document)
    {
        Assert.Empty(document.QuerySelectorAll("script, iframe, object, embed, style"));
        var elements = document.All.ToList();
        Assert.DoesNotContain(elements, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        foreach (var attribute in elements.SelectMany(e => e.Attributes).Where(a => a.Name is "href" or "src"))
        {
            var value = new string(attribute.Value.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
            Assert.False(value.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"{attribute.Name}=\"{attribute.Value}\"");
            Assert.False(value.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase), $"{attribute.Name}=\"{attribute.Value}\"");
            Assert.False(value.StartsWith("data:", StringComparison.OrdinalIgnoreCase), $"{attribute.Name}=\"{attribute.Value}\"");
        }
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Before <script>alert(1)</script> after")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("Inline <img src=x onerror=alert(1)> image")]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>")]
    [InlineData("<div onmouseover=\"alert(1)\">hover</div>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<svg><script>alert(1)</script></svg>")]
    [InlineData("<style>body{display:none}</style>")]
    public void Raw_html_is_escaped_and_shown_as_text(string markdown)
    {
        var document = Render(markdown);

        AssertInert(document);
        Assert.Empty(document.Body!.QuerySelectorAll("img, a, div, svg"));
        // The person's text is not lost: it shows literally.
        Assert.Contains(markdown.Split('>')[0] + ">", document.Body.TextContent);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JAVASCRIPT:alert(1))")]
    [InlineData("[click](JavaScript:alert(document.cookie))")]
    [InlineData("[click](<java\tscript:alert(1)>)")]
    [InlineData("[click](java&#x09;script:alert(1))")]
    [InlineData("[click](java&#10;script:alert(1))")]
    [InlineData("[click](&#106;avascript:alert(1))")]
    [InlineData("[click](javascript&colon;alert(1))")]
    [InlineData("[click](< javascript:alert(1)>)")]
    [InlineData("[click](vbscript:msgbox(1))")]
    [InlineData("[click](VBScript:msgbox(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[click](javascript:alert('/'))")]
    [InlineData("[click][ref]\n\n[ref]: javascript:alert(1)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("<JAVASCRIPT:alert(1)>")]
    [InlineData("![pic](javascript:alert(1))")]
    [InlineData("![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)")]
    public void Script_and_data_links_lose_their_address(string markdown)
    {
        var document = Render(markdown);

        AssertInert(document);
        var links = document.QuerySelectorAll("a[href], img[src]").ToList();
        Assert.NotEmpty(links); // still a link, just one that goes nowhere
        Assert.All(links, l => Assert.Equal("", l.GetAttribute("href") ?? l.GetAttribute("src")));
    }

    [Theory]
    [InlineData("[status](https://status.example.com/incidents/1)", "https://status.example.com/incidents/1")]
    [InlineData("[grafana](http://grafana.internal:3000/d/abc?from=now-1h)", "http://grafana.internal:3000/d/abc?from=now-1h")]
    [InlineData("[HTTPS upper](HTTPS://example.com)", "HTTPS://example.com")]
    [InlineData("[mail](mailto:oncall@example.com)", "mailto:oncall@example.com")]
    [InlineData("[incident](/incidents/42)", "/incidents/42")]
    [InlineData("[runbook](runbooks/db.md)", "runbooks/db.md")]
    [InlineData("[anchor](#timeline)", "#timeline")]
    [InlineData("[colon later](/search?q=a:b)", "/search?q=a:b")]
    [InlineData("<https://example.com/x>", "https://example.com/x")]
    [InlineData("See https://example.com/y for details", "https://example.com/y")]
    public void Web_mail_and_relative_links_are_kept(string markdown, string href)
    {
        var document = Render(markdown);

        AssertInert(document);
        Assert.Equal(href, Assert.Single(document.QuerySelectorAll("a")).GetAttribute("href"));
    }

    [Fact]
    public void Images_with_web_addresses_are_kept()
    {
        var image = Assert.Single(Render("![graph](https://grafana.example.com/render/1.png)").QuerySelectorAll("img"));
        Assert.Equal("https://grafana.example.com/render/1.png", image.GetAttribute("src"));
    }

    [Fact]
    public void Ordinary_markdown_still_renders()
    {
        var document = Render("# Impact\n\n**Bold** and *italic*, `code`.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done");

        Assert.Equal("Impact", document.QuerySelector("h1")?.TextContent);
        Assert.Equal("Bold", document.QuerySelector("strong")?.TextContent);
        Assert.Equal("italic", document.QuerySelector("em")?.TextContent);
        Assert.Equal("code", document.QuerySelector("code")?.TextContent);
        Assert.NotNull(document.QuerySelector("table td"));
        Assert.NotNull(document.QuerySelector("input[type=checkbox][checked]"));
        AssertInert(document);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Nothing_renders_as_nothing(string? markdown) => Assert.Equal("", SafeMarkdown.ToHtml(markdown));

    [Theory]
    [InlineData("java\tscript:alert(1)", false)]
    [InlineData(" javascript:alert(1)", false)]
    [InlineData("java\u0000script:alert(1)", false)]
    [InlineData("jav\nascript:alert(1)", false)]
    [InlineData("Data:text/html,x", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("https://example.com", true)]
    [InlineData("mailto:a@example.com", true)]
    [InlineData("./a:b", true)]
    [InlineData("", true)]
    public void IsSafeUrl(string url, bool safe) => Assert.Equal(safe, SafeMarkdown.IsSafeUrl(url));

    // Hostile input: SafeMarkdown must return (within the test's timeout) and never throw.
    // Each runs on the thread pool so that xunit's Timeout applies.

    public static TheoryData<string, string> DeepNesting()
    {
        const int Depth = 10_000;
        return new()
        {
            { "quotes", new string('>', Depth) + " x" },
            { "quotes with spaces", string.Concat(Enumerable.Repeat("> ", Depth)) + "x" },
            { "lists on one line", string.Concat(Enumerable.Repeat("- ", Depth)) + "x" },
            // 700 levels, past the limit of 64: at two spaces a level, 10,000 levels would be a 100 MB string,
            // which only tests the size limit and takes seconds to build.
            { "indented lists", string.Join("\n", Enumerable.Range(0, 700).Select(i => new string(' ', i * 2) + "- x")) },
            { "ordered lists", string.Concat(Enumerable.Repeat("1. ", Depth)) + "x" },
            { "emphasis", new string('*', Depth) + "x" + new string('*', Depth) },
            { "mixed emphasis", string.Concat(Enumerable.Repeat("*_", Depth)) + "x" + string.Concat(Enumerable.Repeat("_*", Depth)) },
            { "strikethrough", "a " + string.Concat(Enumerable.Repeat("~~", Depth)) + "x" + string.Concat(Enumerable.Repeat("~~", Depth)) },
            { "brackets", new string('[', Depth) + "x" + new string(']', Depth) + "(https://example.com)" },
            { "links in links", string.Concat(Enumerable.Repeat("[", Depth)) + "x" + string.Concat(Enumerable.Repeat("](https://e.com)", Depth)) },
            { "images", string.Concat(Enumerable.Repeat("![", Depth)) + "x" + string.Concat(Enumerable.Repeat("](https://e.com/a.png)", Depth)) },
            { "unclosed brackets", new string('[', Depth) + "x" },
            { "parentheses", "[x](" + new string('(', Depth) + new string(')', Depth) + ")" },
            { "backticks", new string('`', Depth) + "x" + new string('`', Depth) },
            { "links on separate lines", string.Join("\n", Enumerable.Repeat("[", Depth)) + "x" + string.Join("\n", Enumerable.Repeat("](https://e.com)", Depth)) },
            { "quote and list", string.Concat(Enumerable.Repeat("> - ", Depth)) + "x" },
            { "three hundred quotes", new string('>', 300) + " x" },
        };
    }

    [Theory(Timeout = 20_000)]
    [MemberData(nameof(DeepNesting))]
    public async Task Nesting_ten_thousand_deep_renders_without_throwing_and_keeps_the_text(string kind, string markdown)
    {
        var html = await Task.Run(() => SafeMarkdown.ToHtml(markdown));

        var document = new HtmlParser().ParseDocument(html);
        AssertInert(document);
        Assert.True(document.Body!.TextContent.Contains('x'), kind);
    }

    [Fact(Timeout = 20_000)]
    public async Task Nesting_past_the_limit_falls_back_to_escaped_text_with_its_line_breaks()
    {
        var markdown = new string('>', 300) + " x\n<script>alert(1)</script>\n[click](javascript:alert(1))";

        var html = await Task.Run(() => SafeMarkdown.ToHtml(markdown));

        var document = new HtmlParser().ParseDocument(html);
        AssertInert(document);
        Assert.Empty(document.QuerySelectorAll("blockquote, a"));
        Assert.Equal(2, document.QuerySelectorAll("p.markdown-plain br").Length);
        Assert.Equal(markdown, document.QuerySelector("p.markdown-plain")!.TextContent);
    }

    [Fact]
    public void Nesting_within_the_limit_still_renders_as_markdown()
    {
        var document = Render(new string('>', 20) + " [ok](https://example.com) [bad](javascript:alert(1))");

        Assert.Equal(20, document.QuerySelectorAll("blockquote").Length);
        Assert.Equal(["https://example.com", ""], document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_million_characters_render_as_markdown_and_one_more_as_escaped_text()
    {
        var chunk = "## Impact\n\n**Bold** [link](javascript:alert(1)) and <script>alert(1)</script> text.\n\n";
        var markdown = string.Concat(Enumerable.Repeat(chunk, SafeMarkdown.MaxMarkdownLength / chunk.Length + 1))[..SafeMarkdown.MaxMarkdownLength];

        var html = await Task.Run(() => SafeMarkdown.ToHtml(markdown));
        var document = new HtmlParser().ParseDocument(html);
        AssertInert(document);
        Assert.True(document.QuerySelectorAll("h2").Length > 10_000);

        var longer = await Task.Run(() => SafeMarkdown.ToHtml(markdown + "x"));
        var plain = new HtmlParser().ParseDocument(longer);
        AssertInert(plain);
        Assert.Empty(plain.QuerySelectorAll("h2, a"));
        Assert.EndsWith("x", plain.Body!.TextContent.TrimEnd());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("one line of a million", 0)]
    [InlineData("a million stars", 1)]
    [InlineData("a million brackets", 2)]
    [InlineData("a million backticks and pipes", 3)]
    [InlineData("a million link starts", 4)]
    [InlineData("a million entities", 5)]
    public async Task Megabyte_inputs_of_one_repeated_construct_render_without_throwing(string kind, int variant)
    {
        var unit = variant switch
        {
            0 => "a",
            1 => "*",
            2 => "[]",
            3 => "`|",
            4 => "[a](",
            _ => "&amp;",
        };
        var markdown = string.Concat(Enumerable.Repeat(unit, 1_000_000 / unit.Length));

        var html = await Task.Run(() => SafeMarkdown.ToHtml(markdown));

        Assert.False(string.IsNullOrEmpty(html), kind);
        AssertInert(new HtmlParser().ParseDocument(html));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(2_000, 20)]
    [InlineData(20, 20_000)]
    [InlineData(300, 300)]
    public async Task Huge_tables_render_without_throwing(int columns, int rows)
    {
        var row = "|" + string.Concat(Enumerable.Repeat(" c |", columns));
        var markdown = row + "\n|" + string.Concat(Enumerable.Repeat("---|", columns)) + "\n"
            + string.Join("\n", Enumerable.Repeat(row, rows));

        var html = await Task.Run(() => SafeMarkdown.ToHtml(markdown));

        var document = new HtmlParser().ParseDocument(html);
        AssertInert(document);
        Assert.Equal(columns * (rows + 1), document.Body!.TextContent.Count(c => c == 'c'));
    }

    [Fact]
    public void Control_characters_render_without_throwing_and_nul_becomes_the_replacement_character()
    {
        var controls = new string(Enumerable.Range(0, 32).Concat([127]).Concat(Enumerable.Range(0x80, 32)).Select(c => (char)c).ToArray());
        foreach (var markdown in new[] { controls, "a\0b", "**x\0y**", "[a\0](https://e.com/\0)", "[a](java\0script:alert(1))", "\0\0\0", new string('>', 300) + "\0" })
        {
            var html = SafeMarkdown.ToHtml(markdown);

            Assert.DoesNotContain('\0', html);
            AssertInert(new HtmlParser().ParseDocument(html));
        }
    }

    [Theory]
    [InlineData("\uD800")]
    [InlineData("\uDC00 trailing alone")]
    [InlineData("**\uD83D**")]
    [InlineData("[\uDE00](https://example.com/\uD800)")]
    [InlineData("> \uDBFF\n> x")]
    public void Lone_surrogates_render_without_throwing(string markdown)
    {
        AssertInert(Render(markdown));
        AssertInert(Render(new string('>', 300) + markdown));
    }

    [Theory]
    [InlineData("[click](\u202Ejavascript:alert(1))")]
    [InlineData("[click](java\u202Escript:alert(1))")]
    [InlineData("[click](javascript:alert(1)\u202E)")]
    [InlineData("[\u202Emoc.elgoog](javascript:alert(1))")]
    [InlineData("<\u202Ejavascript:alert(1)>")]
    [InlineData("[click](\u200Bjavascript:alert(1))")]
    [InlineData("[click](\uFEFFjavascript:alert(1))")]
    public void Right_to_left_overrides_and_invisible_characters_do_not_get_a_script_link_through(string markdown)
    {
        var document = Render(markdown);

        AssertInert(document);
        Assert.All(document.QuerySelectorAll("a[href]"), a => Assert.Equal("", a.GetAttribute("href")));
    }

    [Fact]
    public void Right_to_left_overrides_in_text_are_kept_as_typed()
    {
        var document = Render("Status: \u202Edecnyser\u202C done");

        Assert.Contains("\u202Edecnyser\u202C", document.Body!.TextContent);
    }
}
