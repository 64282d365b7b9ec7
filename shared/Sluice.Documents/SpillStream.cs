namespace Sluice.Documents;

/// <summary>
/// A read-write, seekable scratch stream that stays in memory while small and moves to a temporary file (deleted on
/// close) once it grows past a threshold, so many small objects cost no file system work and big ones no memory.
/// </summary>
internal sealed class SpillStream : Stream
{
    private readonly long _threshold;
    private readonly string? _folder;
    private Stream _inner = new MemoryStream();
    private bool _spilled;

    /// <summary>Creates an empty spill stream.</summary>
    /// <param name="threshold">Bytes kept in memory before moving to a file.</param>
    /// <param name="folder">Folder for the temporary file; null for the system temp folder.</param>
    public SpillStream(long threshold, string? folder)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        _threshold = threshold;
        _folder = folder;
    }

    /// <summary>Whether the contents have moved to a temporary file.</summary>
    public bool Spilled => _spilled;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => true;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => _inner.Length;

    /// <inheritdoc />
    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        SpillIfNeeded(buffer.Length);
        _inner.Write(buffer);
    }

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        SpillIfNeeded(buffer.Length);
        await _inner.WriteAsync(buffer, cancellationToken);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void WriteByte(byte value) => Write([value]);

    /// <inheritdoc />
    public override void Flush() => _inner.Flush();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    /// <inheritdoc />
    public override void SetLength(long value) => _inner.SetLength(value);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private void SpillIfNeeded(int adding)
    {
        if (_spilled || Math.Max(_inner.Length, _inner.Position + adding) <= _threshold)
        {
            return;
        }

        var path = Path.Combine(_folder ?? Path.GetTempPath(), $"sluice-spill-{Guid.NewGuid():N}.tmp");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 256 * 1024, FileOptions.DeleteOnClose);
        var memory = (MemoryStream)_inner;
        var position = memory.Position;
        file.Write(memory.GetBuffer(), 0, (int)memory.Length);
        file.Position = position;
        memory.Dispose();
        _inner = file;
        _spilled = true;
    }
}
