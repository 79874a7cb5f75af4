using System.IO.Compression;
using System.Net;
using System.Text;
using IncidentCenter.Postmortems;
using IncidentCenter.Shared;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace IncidentCenter.Tests.Postmortems;

public class PostmortemExportTests : IAsyncLifetime
{
    private PostmortemScenario _s = null!;
    private PostmortemView _draft = null!;

    public async Task InitializeAsync()
    {
        _s = await PostmortemScenario.CreateAsync();
        _draft = await _s.Postmortems.GenerateAsync(_s.Alice.Principal, _s.IncidentId);
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task Export_is_the_stored_markdown_as_UTF8_without_BOM_with_LF()
    {
        var saved = await _s.Postmortems.SaveAsync(_s.Alice.Principal, _s.IncidentId, _draft.Version, _draft.Markdown + "\r\nÜmlauts ✍ and CRLF\r\n");

        var (fileName, content) = await _s.Postmortems.ExportAsync(_s.Vera.Principal, _s.IncidentId);

        Assert.Equal("INC-1-postmortem.md", fileName);
        Assert.Equal(Encoding.UTF8.GetBytes(saved.Markdown), content);
        Assert.False(content.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }));
        Assert.DoesNotContain((byte)'\r', content);
        await Assert.ThrowsAsync<NotFoundException>(() => _s.Postmortems.ExportAsync(_s.Vera.Principal, 999));
        await Assert.ThrowsAsync<ForbiddenException>(() => _s.Postmortems.ExportAsync(new System.Security.Claims.ClaimsPrincipal(), _s.IncidentId));
    }

    [Fact]
    public async Task The_exported_file_has_the_templates_headings_in_order_and_the_key_events_as_timeline_rows()
    {
        var (_, content) = await _s.Postmortems.ExportAsync(_s.Vera.Principal, _s.IncidentId);
        // Read the way GitHub does: HTML comments allowed (and hidden), pipe tables, front matter.
        var pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePipeTables().Build();
        var document = Markdown.Parse(Encoding.UTF8.GetString(content), pipeline);

        var headings = document.Descendants<HeadingBlock>().Where(h => h.Level == 2).Select(Text).ToList();
        Assert.Equal(DefaultTemplates.FullHeadings, headings);
        Assert.Equal("Post-mortem: Checkout | payments \"failing\" (INC-1)", Text(document.Descendants<HeadingBlock>().First(h => h.Level == 1)));

        var timeline = document.Descendants<Table>().Single(t => Cells((TableRow)t[0])[0] == "Time (UTC)");
        var rows = timeline.Skip(1).Cast<TableRow>().Select(Cells).ToList();
        var keyEvents = await _s.KeyEventsAsync();
        Assert.Equal(keyEvents.Select(e => (PostmortemText.Utc(e.OccurredAt), e.Text)), rows.Select(r => (r[0], r[1])));
    }

    [Fact]
    public async Task Published_post_mortems_export_as_one_zip_and_through_the_endpoints()
    {
        var review = await _s.Postmortems.RequestReviewAsync(_s.Alice.Principal, _s.IncidentId, _draft.Version);
        var published = await _s.Postmortems.PublishAsync(_s.Alice.Principal, _s.IncidentId, review.Version);

        var (fileName, zip) = await _s.Postmortems.ExportAllPublishedAsync(_s.Vera.Principal);

        Assert.Equal("published-postmortems.zip", fileName);
        using var archive = new ZipArchive(new MemoryStream(zip));
        var entry = Assert.Single(archive.Entries);
        Assert.Equal("INC-1-postmortem.md", entry.FullName);
        using var reader = new StreamReader(entry.Open(), new UTF8Encoding(false));
        Assert.Equal(published.Markdown, await reader.ReadToEndAsync());
        Assert.Equal(zip, (await _s.Postmortems.ExportAllPublishedAsync(_s.Vera.Principal)).Zip);
    }

    private static string Text(LeafBlock block)
    {
        var inline = block.Inline;
        return inline is null ? "" : string.Concat(inline.Descendants<Markdig.Syntax.Inlines.LiteralInline>().Select(l => l.Content.ToString()));
    }

    private static List<string> Cells(TableRow row) =>
        row.Cast<TableCell>().Select(c => c.Count == 0 ? "" : Text((LeafBlock)c[0])).ToList();
}
