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
}
