using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace IncidentCenter.Postmortems;

public sealed class PostmortemExportOptions
{
    public const string Section = "Postmortems";

    /// <summary>Downloads of published.zip sent at the same time; one more is answered 503 with Retry-After.</summary>
    public int ExportConcurrency { get; set; } = 2;

    /// <summary>Where built archives are kept, one per published set; empty means "export-cache" beside the database.</summary>
    public string ExportCacheDirectory { get; set; } = "";
}

/// <summary>
/// The download of every published post-mortem (GET /api/postmortems/published.zip):
/// <list type="bullet">
/// <item>Streamed: the archive is written to the response entry by entry with asynchronous writes
/// (<see cref="PostmortemService.WritePublishedZipAsync"/>), and at the same time to a temporary file.</item>
/// <item>Cached per published set (<see cref="PublishedSet"/>: count, newest publication, versions): the temporary
/// file becomes the cache file once complete, later downloads of the same set are sent from it, and a client that
/// already has it (If-None-Match) gets 304. A new publication changes the set, so the next download builds anew.</item>
/// <item>Limited: at most <see cref="PostmortemExportOptions.ExportConcurrency"/> downloads are sent at once; one
/// more is refused at once with 503 and Retry-After rather than queued, so waiting clients hold no connection
/// or memory here. A 304 needs no slot.</item>
/// </list>
/// </summary>
public sealed class PublishedExport
{
    public const string FileName = "published-postmortems.zip";
    public const int RetryAfterSeconds = 5;

    private readonly PostmortemService _postmortems;
    private readonly ILogger<PublishedExport> _logger;
    private readonly SemaphoreSlim _slots;

    public PublishedExport(PostmortemService postmortems, IOptions<PostmortemExportOptions> options, ILogger<PublishedExport> logger)
    {
        _postmortems = postmortems;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, options.Value.ExportConcurrency));
        CacheDirectory = options.Value.ExportCacheDirectory;
        Directory.CreateDirectory(CacheDirectory);
    }

    public string CacheDirectory { get; }

    /// <summary>Answers the request; throws <see cref="IncidentCenter.Shared.ForbiddenException"/> for callers who may not read post-mortems.</summary>
    public async Task SendAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var set = await _postmortems.PublishedSetAsync(http.User, ct);
        var response = http.Response;
        response.Headers.ETag = set.ETag;
        // The browser may keep it but must ask again; shared caches must not keep a signed-in download.
        response.Headers.CacheControl = "private, no-cache";
        if (Matches(http.Request, set.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        if (!_slots.Wait(0))
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync($"Other downloads of the published post-mortems are running. Try again in {RetryAfterSeconds} seconds.", ct);
            return;
        }
        try
        {
            response.ContentType = "application/zip";
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = FileName }.ToString();
            if (!await SendCachedAsync(http, set, ct))
            {
                await BuildAndSendAsync(http, set, ct);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private static bool Matches(HttpRequest request, string etag) =>
        request.Headers.IfNoneMatch.Count > 0
        && EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(etag, StringComparison.Ordinal));

    private async Task<bool> SendCachedAsync(HttpContext http, PublishedSet set, CancellationToken ct)
    {
        FileStream file;
        try
        {
            // Delete is shared: a newer archive may replace this one while it is being sent.
            file = new FileStream(Path.Combine(CacheDirectory, set.CacheFileName), FileMode.Open, FileAccess.Read,
                FileShare.Read | FileShare.Delete, bufferSize: 64 * 1024, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        await using (file)
        {
            http.Response.ContentLength = file.Length;
            await file.CopyToAsync(http.Response.Body, ct);
        }
        return true;
    }

    /// <summary>Streams the archive to the client and to a temporary file, which becomes the cache file if the set did not change meanwhile.</summary>
    private async Task BuildAndSendAsync(HttpContext http, PublishedSet set, CancellationToken ct)
    {
        var temporary = Path.Combine(CacheDirectory, $"{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024, useAsync: true))
            {
                await _postmortems.WritePublishedZipAsync(http.User, new TeeWriteStream(http.Response.Body, file), ct);
            }
            // A publication during the build may or may not be in this archive: then it is not kept.
            if (await _postmortems.PublishedSetAsync(http.User, ct) == set)
            {
                Keep(temporary, set);
            }
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private void Keep(string temporary, PublishedSet set)
    {
        var target = Path.Combine(CacheDirectory, set.CacheFileName);
        try
        {
            File.Move(temporary, target, overwrite: true);
        }
        catch (IOException ex)
        {
            _logger.LogWarning(ex, "Could not keep the published post-mortems archive {File}", target);
            return;
        }
        // Archives of older sets are no longer served; temporary files of crashed builds are swept after an hour.
        foreach (var old in Directory.EnumerateFiles(CacheDirectory))
        {
            var name = Path.GetFileName(old);
            if (name.StartsWith("published-", StringComparison.Ordinal) && name != set.CacheFileName
                || name.EndsWith(".tmp", StringComparison.Ordinal) && File.GetLastWriteTimeUtc(old) < DateTime.UtcNow.AddHours(-1))
            {
                TryDelete(old);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Swept by a later build.
        }
    }

    /// <summary>Write-only: every write goes to both streams, asynchronously. Synchronous writes are refused, as Kestrel does.</summary>
    private sealed class TeeWriteStream(Stream first, Stream second) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await first.WriteAsync(buffer, cancellationToken);
            await second.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await first.FlushAsync(cancellationToken);
            await second.FlushAsync(cancellationToken);
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous writes are not allowed.");
        public override void Flush() => throw new NotSupportedException("Synchronous writes are not allowed.");
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
