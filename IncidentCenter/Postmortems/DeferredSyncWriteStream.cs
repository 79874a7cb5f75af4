namespace IncidentCenter.Postmortems;

/// <summary>
/// Write-only stream between <see cref="System.IO.Compression.ZipArchive"/> and a response body, which refuses
/// synchronous writes. Asynchronous writes go straight through. ZipArchive (.NET 10) still writes synchronously
/// when an entry's stream is disposed, even with DisposeAsync (the deflater's last block, the sizes): those bytes
/// are held here until <see cref="DrainAsync"/> sends them, called after each entry. So at most one entry's tail
/// (bounded by the deflater's own buffers, not by the entry's size) is ever held in memory.
/// </summary>
public sealed class DeferredSyncWriteStream(Stream inner) : Stream
{
    private readonly MemoryStream _pending = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Bytes written synchronously and not sent yet.</summary>
    public long Pending => _pending.Length;

    public async Task DrainAsync(CancellationToken ct = default)
    {
        if (_pending.Length > 0)
        {
            await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
            _pending.SetLength(0);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await DrainAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

    public override void WriteByte(byte value) => _pending.WriteByte(value);

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    /// <summary>Nothing to do synchronously: what is held is sent by the next asynchronous write or drain.</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
