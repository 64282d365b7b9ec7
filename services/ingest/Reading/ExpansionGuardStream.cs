namespace Sluice.Ingest.Reading;

/// <summary>
/// Wraps a decompressor's output: counts expanded bytes against the object's <see cref="ExpansionBudget"/> and stops a
/// stream that expands more than the allowed ratio over the compressed bytes it consumed (a zip bomb), while reading.
/// </summary>
internal sealed class ExpansionGuardStream(Stream decompressed, Func<long> compressedBytes, ExpansionBudget budget, string what) : Stream
{
    private long _expanded;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _expanded;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = decompressed.Read(buffer);
        _expanded += read;
        budget.AddExpanded(read);
        var compressed = Math.Max(1, compressedBytes());
        if (_expanded > budget.Options.MaxExpansionRatio * compressed)
        {
            throw new QuarantineException(RejectionReasons.ArchiveBomb,
                FormattableString.Invariant($"{what} expanded {_expanded} bytes from {compressed} compressed bytes, more than the {budget.Options.MaxExpansionRatio} times allowed (MaxExpansionRatio)"));
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decompressed.Dispose();
        }

        base.Dispose(disposing);
    }
}
