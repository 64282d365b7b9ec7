namespace Sluice.Ingest.Tests;

/// <summary>A non-seekable stream that yields the given byte arrays in turn, <c>rounds</c> times, without allocating.</summary>
internal sealed class RepeatingStream(byte[][] parts, int rounds) : Stream
{
    private int _round;
    private int _part;
    private int _offset;

    public long TotalLength { get; } = parts.Sum(p => (long)p.Length) * rounds;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_round == rounds)
        {
            return 0;
        }

        var part = parts[_part];
        var count = Math.Min(buffer.Length, part.Length - _offset);
        part.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        if (_offset == part.Length)
        {
            _offset = 0;
            if (++_part == parts.Length)
            {
                _part = 0;
                _round++;
            }
        }

        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
