using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Sluice.Ingest.Archives;

/// <summary>
/// Reads a compressed stream as deflate bits (RFC 1951 section 3.1.1: least significant bit first) and as whole bytes
/// once aligned. It owns the only read-ahead buffer over the stream, so the gzip header, deflate data and trailer of
/// every member come from one place and the exact position of each member boundary is known.
/// </summary>
internal sealed class InflateBitReader(Stream source)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _position;
    private int _count;
    private long _fromSource;
    private bool _sourceEnded;
    private ulong _bits;

    /// <summary>Bits held in the accumulator (at most 63).</summary>
    public int BitCount { get; private set; }

    /// <summary>Compressed bytes consumed so far: read from the source and no longer buffered or held as whole bytes.</summary>
    public long BytesConsumed => _fromSource - (_count - _position) - (BitCount >> 3);

    /// <summary>The read-ahead buffer, lent to <see cref="DeflateDecoder"/>'s fast loop, which reads it from <see cref="Position"/> up to <see cref="BufferEnd"/>.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>The next byte of <see cref="Buffer"/> not yet in the accumulator.</summary>
    public int Position => _position;

    /// <summary>The end of the valid bytes in <see cref="Buffer"/>.</summary>
    public int BufferEnd => _count;

    /// <summary>The accumulator: <see cref="BitCount"/> bits, zeros above them.</summary>
    public ulong Bits => _bits;

    /// <summary>Takes back the state a fast loop ended with: its accumulator (bits above <paramref name="bitCount"/> are dropped) and buffer position.</summary>
    public void Resume(ulong bits, int bitCount, int position)
    {
        _bits = bits & ((1UL << bitCount) - 1);
        BitCount = bitCount;
        _position = position;
    }

    /// <summary>Fills the accumulator to at least 56 bits, or with everything left when the source ends first.</summary>
    public void Refill()
    {
        while (BitCount <= 55)
        {
            if (_count - _position >= 8)
            {
                var word = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(_position));
                var bytes = (63 - BitCount) >> 3;
                _bits |= word << BitCount;
                _position += bytes;
                BitCount += bytes << 3;
                _bits &= (1UL << BitCount) - 1;
                return;
            }

            if (_position == _count && !FillBuffer())
            {
                return;
            }

            _bits |= (ulong)_buffer[_position++] << BitCount;
            BitCount += 8;
        }
    }

    /// <summary>Makes sure <paramref name="count"/> bits are held; false when the source ends first.</summary>
    public bool TryEnsure(int count)
    {
        if (BitCount < count)
        {
            Refill();
        }

        return BitCount >= count;
    }

    /// <summary>The next <paramref name="count"/> bits (zero beyond those held), without consuming them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Peek(int count) => (uint)(_bits & ((1UL << count) - 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Drop(int count)
    {
        _bits >>= count;
        BitCount -= count;
    }

    /// <summary>Takes <paramref name="count"/> bits that <see cref="TryEnsure"/> made sure of.</summary>
    public uint Take(int count)
    {
        var value = Peek(count);
        Drop(count);
        return value;
    }

    /// <summary>Skips to the next byte boundary (RFC 1951: before a stored block's length, and at the end of the data).</summary>
    public void AlignToByte() => Drop(BitCount & 7);

    /// <summary>The next whole byte after <see cref="AlignToByte"/>, or -1 at the end of the source.</summary>
    public int ReadByte()
    {
        if (BitCount >= 8)
        {
            return (int)Take(8);
        }

        if (_position == _count && !FillBuffer())
        {
            return -1;
        }

        return _buffer[_position++];
    }

    /// <summary>Copies up to <paramref name="destination"/>'s length of whole bytes (after <see cref="AlignToByte"/>); 0 at the end of the source.</summary>
    public int ReadBytes(Span<byte> destination)
    {
        var written = 0;
        while (BitCount >= 8 && written < destination.Length)
        {
            destination[written++] = (byte)Take(8);
        }

        if (written < destination.Length && (_position < _count || FillBuffer()))
        {
            var chunk = Math.Min(destination.Length - written, _count - _position);
            _buffer.AsSpan(_position, chunk).CopyTo(destination[written..]);
            _position += chunk;
            written += chunk;
        }

        return written;
    }

    private bool FillBuffer()
    {
        if (_sourceEnded)
        {
            return false;
        }

        var read = source.Read(_buffer);
        if (read == 0)
        {
            _sourceEnded = true;
            return false;
        }

        _position = 0;
        _count = read;
        _fromSource += read;
        return true;
    }
}
