using Sluice.Ingest.Reading;

namespace Sluice.Ingest.Archives;

/// <summary>
/// Passes a gzip member's decompressed bytes through and, at their end, checks them against the trailer's CRC-32 and size
/// (RFC 1952). .NET's GZipStream ends quietly on a truncated stream; this turns that into a <c>truncated-archive</c> quarantine.
/// </summary>
internal sealed class GzipTrailerCheckStream(Stream decompressed, uint expectedCrc, uint expectedSizeModulo, string what) : Stream
{
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _checked;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = decompressed.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new QuarantineException(RejectionReasons.TruncatedArchive, $"{what} is damaged: {e.Message}");
        }

        if (read > 0)
        {
            _crc.Append(buffer[..read]);
            _length += read;
        }
        else if (buffer.Length > 0 && !_checked)
        {
            _checked = true;
            if (_crc.Value != expectedCrc || (uint)_length != expectedSizeModulo)
            {
                throw new QuarantineException(RejectionReasons.TruncatedArchive,
                    $"{what} is truncated or damaged: its {_length} decompressed bytes do not match the gzip trailer (CRC-32 and size)");
            }
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
