using Sluice.Ingest.Reading;

namespace Sluice.Ingest.Archives;

/// <summary>
/// Decompresses a gzip file of one or more members (RFC 1952 section 2.2: members are simply concatenated, as
/// <c>cat a.gz b.gz</c> and bgzip write them) while reading, without buffering it. Each member's header is parsed here,
/// its deflate data inflated by <see cref="DeflateDecoder"/>, and its trailer checked against that member's own
/// decompressed bytes (CRC-32 and size modulo 2^32). Zero bytes after the last member (padding some tools write) are
/// accepted; any other byte there, a damaged or truncated member, or a file that is not gzip at all throws a
/// <see cref="QuarantineException"/> with reason <c>truncated-archive</c> naming the member and its offset.
/// </summary>
internal sealed class GzipMemberStream : Stream
{
    private const byte Id1 = 0x1F;
    private const byte Id2 = 0x8B;
    private const byte Deflate = 8;
    private const int HeaderCrcFlag = 0x02;
    private const int ExtraFlag = 0x04;
    private const int NameFlag = 0x08;
    private const int CommentFlag = 0x10;
    private const int ReservedFlags = 0xE0;

    private readonly InflateBitReader _input;
    private readonly DeflateDecoder _decoder;
    private readonly string _what;
    private Crc32 _headerCrc = new();
    private Crc32 _crc = new();
    private long _memberSize;
    private long _memberStart;
    private long _expanded;
    private int _members;
    private bool _inMember;
    private bool _ended;

    /// <param name="compressed">The gzip bytes, read once from where it stands; the caller owns it (it is not disposed with this stream).</param>
    /// <param name="what">Names the file in error messages, such as <c>gzip stream 'a.txt.gz'</c>.</param>
    public GzipMemberStream(Stream compressed, string what)
    {
        _input = new InflateBitReader(compressed);
        _decoder = new DeflateDecoder(_input);
        _what = what;
    }

    /// <summary>Compressed bytes consumed so far (for the expansion ratio).</summary>
    public long CompressedBytesRead => _input.BytesConsumed;

    /// <summary>Members whose trailer has been checked so far.</summary>
    public int MembersRead => _members;

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
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (!_ended)
        {
            if (!_inMember && !StartMember())
            {
                _ended = true;
                break;
            }

            int read;
            try
            {
                read = _decoder.Read(buffer);
            }
            catch (EndOfStreamException e)
            {
                throw Damaged($"is truncated: {e.Message}");
            }
            catch (InvalidDataException e)
            {
                throw Damaged($"is damaged: {e.Message}");
            }

            if (read > 0)
            {
                _crc.Append(buffer[..read]);
                _memberSize += read;
                _expanded += read;
                return read;
            }

            CheckTrailer();
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Parses the next member's header (RFC 1952 section 2.3); false at a clean end of the file.</summary>
    private bool StartMember()
    {
        _memberStart = _input.BytesConsumed;
        var first = _input.ReadByte();
        if (first < 0)
        {
            if (_members == 0)
            {
                throw new QuarantineException(RejectionReasons.TruncatedArchive, $"{_what} is empty: it holds no gzip member");
            }

            return false;
        }

        if (first == 0 && _members > 0)
        {
            SkipZeroPadding();
            return false;
        }

        _headerCrc = new Crc32();
        var second = _input.ReadByte();
        if (first == Id1 && second < 0)
        {
            throw Damaged("is truncated: the file ends inside its header");
        }

        if (first != Id1 || second != Id2)
        {
            throw _members == 0
                ? new QuarantineException(RejectionReasons.TruncatedArchive, $"{_what} is not gzip: it does not start with the gzip magic bytes 1F 8B")
                : new QuarantineException(RejectionReasons.TruncatedArchive,
                    FormattableString.Invariant($"{_what} has data after its last gzip member (member {_members}) at offset {_memberStart} that is neither another gzip member nor zero padding"));
        }

        _headerCrc.Append([Id1, Id2]);
        var method = HeaderByte();
        if (method != Deflate)
        {
            throw Damaged($"uses compression method {method}; gzip defines only 8 (deflate)");
        }

        var flags = HeaderByte();
        if ((flags & ReservedFlags) != 0)
        {
            throw Damaged(FormattableString.Invariant($"sets reserved header flags (FLG 0x{flags:X2})"));
        }

        for (var i = 0; i < 6; i++)
        {
            HeaderByte();
        }

        if ((flags & ExtraFlag) != 0)
        {
            var extraLength = HeaderByte() | (HeaderByte() << 8);
            for (var i = 0; i < extraLength; i++)
            {
                HeaderByte();
            }
        }

        if ((flags & NameFlag) != 0)
        {
            while (HeaderByte() != 0)
            {
            }
        }

        if ((flags & CommentFlag) != 0)
        {
            while (HeaderByte() != 0)
            {
            }
        }

        if ((flags & HeaderCrcFlag) != 0)
        {
            var expected = _headerCrc.Value & 0xFFFF;
            var stored = (uint)(NextByte("header") | (NextByte("header") << 8));
            if (stored != expected)
            {
                throw Damaged(FormattableString.Invariant($"has a header CRC-16 of {stored:X4} where its header gives {expected:X4}"));
            }
        }

        _decoder.Reset();
        _crc = new Crc32();
        _memberSize = 0;
        _inMember = true;
        return true;
    }

    private void CheckTrailer()
    {
        uint storedCrc = 0, storedSize = 0;
        for (var i = 0; i < 4; i++)
        {
            storedCrc |= (uint)NextByte("8-byte trailer (CRC-32 and size)") << (8 * i);
        }

        for (var i = 0; i < 4; i++)
        {
            storedSize |= (uint)NextByte("8-byte trailer (CRC-32 and size)") << (8 * i);
        }

        if (storedCrc != _crc.Value)
        {
            throw Damaged(FormattableString.Invariant($"is damaged: its {_memberSize} decompressed bytes have CRC-32 {_crc.Value:X8} but its trailer says {storedCrc:X8}"));
        }

        if (storedSize != (uint)_memberSize)
        {
            throw Damaged(FormattableString.Invariant($"is damaged: it decompressed to {_memberSize} bytes but its trailer gives the size {storedSize} (modulo 2^32)"));
        }

        _members++;
        _inMember = false;
    }

    private void SkipZeroPadding()
    {
        var padding = 1L;
        int next;
        while ((next = _input.ReadByte()) >= 0)
        {
            if (next != 0)
            {
                throw new QuarantineException(RejectionReasons.TruncatedArchive,
                    FormattableString.Invariant($"{_what} has data after its last gzip member (member {_members}) at offset {_memberStart + padding}: a byte 0x{next:X2} after {padding} zero bytes of padding"));
            }

            padding++;
        }
    }

    private int HeaderByte()
    {
        var value = NextByte("header");
        _headerCrc.Append([(byte)value]);
        return value;
    }

    private int NextByte(string part)
    {
        var value = _input.ReadByte();
        if (value < 0)
        {
            throw Damaged($"is truncated: the file ends inside its {part}");
        }

        return value;
    }

    private QuarantineException Damaged(string problem) =>
        new(RejectionReasons.TruncatedArchive, FormattableString.Invariant($"{_what}: member {_members + 1} (at offset {_memberStart}) {problem}"));
}
