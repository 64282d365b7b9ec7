namespace Sluice.Storage.Tests;

/// <summary>A source that yields some bytes and then fails, like a dropped connection mid-upload.</summary>
internal sealed class FailingStream(int bytesBeforeFailure) : Stream
{
    private int remaining = bytesBeforeFailure;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (remaining == 0)
        {
            throw new IOException("the source failed mid-stream");
        }

        var n = Math.Min(count, remaining);
        Array.Fill(buffer, (byte)'x', offset, n);
        remaining -= n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
