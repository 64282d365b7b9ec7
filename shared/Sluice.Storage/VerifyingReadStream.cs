using System.Security.Cryptography;

namespace Sluice.Storage;

/// <summary>
/// A read-only stream over an object's bytes that hashes what passes through and, on reaching the end, checks the
/// size and (when known) the SHA-256 recorded for the object.
/// </summary>
internal sealed class VerifyingReadStream(Stream inner, string store, string key, long expectedLength, string? expectedSha256, IDisposable? owner = null) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long position;
    private bool verified;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => expectedLength;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException("Object streams are read front to back.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Account(buffer[..read], read);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read], read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("Object streams are read front to back.");

    public override void SetLength(long value) => throw new NotSupportedException("Object streams are read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Object streams are read-only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owner?.Dispose();
            hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> data, int read)
    {
        if (read > 0)
        {
            hash.AppendData(data);
            position += read;
            if (position > expectedLength)
            {
                throw new ObjectIntegrityException(store, key, $"more than the recorded {expectedLength} bytes were read");
            }
        }
        else if (!verified)
        {
            verified = true;
            if (position != expectedLength)
            {
                throw new ObjectIntegrityException(store, key, $"{position} bytes read, {expectedLength} recorded");
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (expectedSha256 is not null && !string.Equals(actual, expectedSha256, StringComparison.Ordinal))
            {
                throw new ObjectIntegrityException(store, key, $"SHA-256 is {actual}, recorded {expectedSha256}");
            }
        }

        return read;
    }
}
