using Sluice.Parquet.Encodings;

namespace Sluice.Parquet.Compression;

/// <summary>A write-only stream over a <see cref="ByteSink"/>, so System.IO.Compression can deflate into it.</summary>
internal sealed class SinkStream(ByteSink sink) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => sink.Length;

    public override long Position
    {
        get => sink.Length;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => sink.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => sink.Write(buffer);
}
