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

        var zip = await PublishedZipAsync();

        using var archive = new ZipArchive(new MemoryStream(zip));
        var entry = Assert.Single(archive.Entries);
        Assert.Equal("INC-1-postmortem.md", entry.FullName);
        using var reader = new StreamReader(entry.Open(), new UTF8Encoding(false));
        Assert.Equal(published.Markdown, await reader.ReadToEndAsync());
        Assert.Equal(zip, await PublishedZipAsync());
    }

    [Fact]
    public async Task The_published_zip_is_written_entry_by_entry_with_asynchronous_writes_only()
    {
        // Three published post-mortems of ~300 KB of incompressible text each.
        var texts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = i == 0 ? _s.IncidentId : await ResolvedIncidentAsync($"Outage {i}");
            var draft = i == 0 ? _draft : await _s.Postmortems.GenerateAsync(_s.Alice.Principal, id);
            var text = "# Post-mortem\n\n" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(220_000)) + "\n";
            var saved = await _s.Postmortems.SaveAsync(_s.Alice.Principal, id, draft.Version, text);
            var review = await _s.Postmortems.RequestReviewAsync(_s.Alice.Principal, id, saved.Version);
            texts.Add((await _s.Postmortems.PublishAsync(_s.Alice.Principal, id, review.Version)).Markdown);
        }
        var output = new RecordingStream();

        await _s.Postmortems.WritePublishedZipAsync(_s.Vera.Principal, output);

        using var archive = new ZipArchive(new MemoryStream(output.Written.ToArray()));
        Assert.Equal(3, archive.Entries.Count);
        Assert.Equal(texts, archive.Entries.Select(e => new StreamReader(e.Open(), new UTF8Encoding(false)).ReadToEnd()));
        // Streamed: many small writes, none anywhere near the size of the archive (or of one entry).
        Assert.True(output.Written.Length > 600_000, $"{output.Written.Length} bytes");
        Assert.True(output.Writes > 20, $"{output.Writes} writes");
        Assert.True(output.LargestWrite < 100_000, $"largest write {output.LargestWrite} bytes");
    }

    private async Task<int> ResolvedIncidentAsync(string title)
    {
        var incident = await _s.App.Incidents.DeclareAsync(_s.Alice.Principal, new IncidentCenter.Incidents.DeclareIncident { Title = title, Severity = IncidentCenter.Incidents.Severity.Sev3 });
        await _s.App.Incidents.ChangeStateAsync(_s.Alice.Principal, incident.Id, incident.Version, IncidentCenter.Incidents.IncidentState.Resolved);
        return incident.Id;
    }

    private async Task<byte[]> PublishedZipAsync()
    {
        var output = new RecordingStream();
        await _s.Postmortems.WritePublishedZipAsync(_s.Vera.Principal, output);
        return output.Written.ToArray();
    }

    /// <summary>A write-only, non-seekable stream like a response body: refuses synchronous writes, records the asynchronous ones.</summary>
    private sealed class RecordingStream : Stream
    {
        public MemoryStream Written { get; } = new();
        public int Writes { get; private set; }
        public int LargestWrite { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            Written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous write");
        public override void Flush() => throw new InvalidOperationException("Synchronous flush");
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static string Text(LeafBlock block)
    {
        var inline = block.Inline;
        return inline is null ? "" : string.Concat(inline.Descendants<Markdig.Syntax.Inlines.LiteralInline>().Select(l => l.Content.ToString()));
    }

    private static List<string> Cells(TableRow row) =>
        row.Cast<TableCell>().Select(c => c.Count == 0 ? "" : Text((LeafBlock)c[0])).ToList();
}
