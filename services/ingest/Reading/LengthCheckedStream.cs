namespace Sluice.Ingest.Reading;

/// <summary>
/// Reads an archive member whose header declared its length, and throws <see cref="EndOfStreamException"/> when the data
/// ends sooner (a truncated tar returns a short member quietly otherwise).
/// </summary>
internal sealed class LengthCheckedStream(Stream inner, long declaredLength, string what) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => declaredLength;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _read += read;
        if (read == 0 && buffer.Length > 0 && _read < declaredLength)
        {
            throw new EndOfStreamException($"{what} ends after {_read} of its {declaredLength} bytes");
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
