using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sluice.Parquet.Compression;

/// <summary>
/// The Snappy raw format (the framing Parquet uses: a varint length followed by literal and copy elements), written
/// from the format description in google/snappy's format_description.txt. The compressor hashes four-byte sequences
/// within 64 KiB blocks and skips ahead faster through incompressible input, as the reference implementation does.
/// </summary>
internal static unsafe class SnappyCodec
{
    private const int BlockSize = 1 << 16;
    private const int MaxHashBits = 14;
    private const int MinHashBits = 8;
    private const int InputMargin = 15;
    private const int FastMargin = 80;

    /// <summary>The hash table length <see cref="Compress"/> needs: one entry per hash value of a full 64 KiB block.</summary>
    public const int TableLength = 1 << MaxHashBits;

    /// <summary>
    /// Per tag byte: the element's length (bits 0-7), the high bits of a one-byte-offset copy's offset (bits 8-10)
    /// and how many bytes follow the tag (bits 11-13), so the decoder reads any element without branching on its kind.
    /// </summary>
    private static readonly ushort[] ElementTable = BuildElementTable();

    private static readonly uint[] TrailerMasks = [0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF];

    public static int MaxCompressedLength(int sourceLength) => 48 + sourceLength + (sourceLength / 6);

    /// <summary>
    /// Compresses <paramref name="input"/> into <paramref name="output"/> (at least <see cref="MaxCompressedLength"/>
    /// bytes); returns the bytes written. <paramref name="table"/> (at least <see cref="TableLength"/> entries) is
    /// scratch space the caller keeps between calls so that compressing allocates nothing.
    /// </summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, ushort[] table)
    {
        if (output.Length < MaxCompressedLength(input.Length))
        {
            throw new ArgumentException("output buffer too small for Snappy's worst case", nameof(output));
        }

        if (table.Length < TableLength)
        {
            throw new ArgumentException($"the Snappy hash table needs {TableLength} entries", nameof(table));
        }

        fixed (byte* source = input)
        fixed (byte* destination = output)
        fixed (ushort* hashTable = table)
        {
            var op = destination;
            var length = (uint)input.Length;
            while (length >= 0x80)
            {
                *op++ = (byte)(length | 0x80);
                length >>= 7;
            }

            *op++ = (byte)length;
            for (var start = 0; start < input.Length; start += BlockSize)
            {
                var blockLength = Math.Min(BlockSize, input.Length - start);
                op = blockLength == BlockSize ? CompressFullBlock(source + start, op, hashTable) : CompressShortBlock(source + start, blockLength, op, hashTable);
            }

            return (int)(op - destination);
        }
    }

    /// <summary>Reads the uncompressed length that prefixes a Snappy buffer.</summary>
    public static int ReadUncompressedLength(ReadOnlySpan<byte> input, out int headerLength)
    {
        uint result = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= input.Length)
            {
                throw new InvalidDataException("Snappy data ends inside its length header");
            }

            var b = input[i];
            result |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                headerLength = i + 1;
                if (result > int.MaxValue)
                {
                    throw new InvalidDataException($"Snappy length header {result} is out of range");
                }

                return (int)result;
            }
        }

        throw new InvalidDataException("Snappy length header is longer than five bytes");
    }

    /// <summary>Decompresses into exactly <paramref name="output"/>; any inconsistency throws <see cref="InvalidDataException"/>.</summary>
    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var expected = ReadUncompressedLength(input, out var header);
        if (expected != output.Length)
        {
            throw new InvalidDataException($"Snappy data decompresses to {expected} bytes but the page header says {output.Length}");
        }

        fixed (byte* inputStart = input)
        fixed (byte* outputStart = output)
        {
            var produced = DecompressCore(inputStart + header, inputStart + input.Length, outputStart, outputStart + output.Length);
            if (produced != output.Length)
            {
                throw new InvalidDataException($"Snappy data produced {produced} bytes but declared {output.Length}");
            }
        }
    }

    /// <summary>
    /// The decoding loop. Every element is bounds-checked against both buffers; when at least 16 bytes of slack
    /// remain, short literals and copies are moved 8 or 16 bytes at a time (the tail is overwritten by what follows).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long DecompressCore(byte* ip, byte* inputEnd, byte* outputStart, byte* outputEnd)
    {
        var op = outputStart;

        // Fast loop: while at least FastMargin bytes remain on both sides, no element (a literal of at most 60
        // bytes or a copy of at most 64) can run past either buffer, so only copy offsets need checking and every
        // move may over-read and over-write by whole 16-byte blocks (later elements overwrite the excess).
        if (inputEnd - ip > FastMargin && outputEnd - op > FastMargin)
        {
            var inputLimit = inputEnd - FastMargin;
            var outputLimit = outputEnd - FastMargin;
            ref var elements = ref MemoryMarshal.GetArrayDataReference(ElementTable);
            ref var masks = ref MemoryMarshal.GetArrayDataReference(TrailerMasks);
            while (ip < inputLimit && op < outputLimit)
            {
                uint tag = *ip++;
                uint entry = Unsafe.Add(ref elements, tag);
                var extra = entry >> 11;
                var trailer = Unsafe.ReadUnaligned<uint>(ip) & Unsafe.Add(ref masks, extra);
                ip += extra;
                var length = entry & 0xFF;
                if ((tag & 0xF3) == 0xF0)
                {
                    // A long literal: its length minus one follows the tag in one to four bytes; it is checked
                    // against both ends and copied exactly, and the fast loop carries on after it.
                    var lengthBytes = (tag >> 2) - 59;
                    var longLength = (long)(Unsafe.ReadUnaligned<uint>(ip) & Unsafe.Add(ref masks, lengthBytes)) + 1;
                    ip += lengthBytes;
                    if (longLength > inputEnd - ip || longLength > outputEnd - op)
                    {
                        throw new InvalidDataException("a Snappy literal runs past the end of its input or output");
                    }

                    Buffer.MemoryCopy(ip, op, longLength, longLength);
                    ip += longLength;
                    op += longLength;
                    continue;
                }

                // Short literals and copies share one path, so the decoder does not branch on the element's kind
                // (a coin toss in text): a literal is a copy from the input that also advances ip by its length.
                var literal = (nuint)(((tag & 3) - 1) >> 31);
                var literalMask = 0 - literal;
                var offset = (nuint)(entry & 0x700) + trailer;
                var from = (byte*)(((nuint)ip & literalMask) | ((nuint)(op - offset) & ~literalMask));
                ip += length & literalMask;

                // For a literal both sides gain one, so the check passes; for a copy it is offset - 1 >= distance.
                if (offset + literal - 1 >= (nuint)(op - outputStart) + literal)
                {
                    throw new InvalidDataException($"a Snappy copy (offset {offset}, length {length}) reaches outside the output");
                }

                if ((literal | ((nuint)(15 - (nint)offset) >> 63)) != 0)
                {
                    // Each 16-byte block of a copy reads only bytes written before it, so overlapping copies with
                    // offsets of 16 or more stay correct.
                    Unsafe.CopyBlockUnaligned(op, from, 16);
                    Unsafe.CopyBlockUnaligned(op + 16, from + 16, 16);
                    if (length > 32)
                    {
                        Unsafe.CopyBlockUnaligned(op + 32, from + 32, 16);
                        Unsafe.CopyBlockUnaligned(op + 48, from + 48, 16);
                    }
                }
                else if (offset >= 8)
                {
                    var step = 0;
                    do
                    {
                        Unsafe.WriteUnaligned(op + step, Unsafe.ReadUnaligned<ulong>(from + step));
                        step += 8;
                    }
                    while (step < length);
                }
                else
                {
                    for (var i = 0; i < length; i++)
                    {
                        op[i] = from[i];
                    }
                }

                op += length;
            }
        }

        while (ip < inputEnd)
        {
            uint tag = *ip++;
            long length;
            if ((tag & 3) == 0)
            {
                length = (tag >> 2) + 1;
                if (length <= 16 && inputEnd - ip >= 16 && outputEnd - op >= 16)
                {
                    Unsafe.CopyBlockUnaligned(op, ip, 16);
                    op += length;
                    ip += length;
                    continue;
                }

                if (length <= 60 && inputEnd - ip >= 64 && outputEnd - op >= 64)
                {
                    Unsafe.CopyBlockUnaligned(op, ip, 64);
                    op += length;
                    ip += length;
                    continue;
                }

                if (length > 60)
                {
                    var extra = (int)length - 60;
                    if (inputEnd - ip < extra)
                    {
                        throw new InvalidDataException("Snappy literal length runs past the end of the data");
                    }

                    length = 0;
                    for (var i = 0; i < extra; i++)
                    {
                        length |= (long)ip[i] << (8 * i);
                    }

                    ip += extra;
                    length += 1;
                }

                if (length > inputEnd - ip || length > outputEnd - op)
                {
                    throw new InvalidDataException("a Snappy literal runs past the end of its input or output");
                }

                Buffer.MemoryCopy(ip, op, length, length);
                ip += length;
                op += length;
                continue;
            }

            long offset;
            switch (tag & 3)
            {
                case 1:
                    if (ip >= inputEnd)
                    {
                        throw new InvalidDataException("Snappy copy ends early");
                    }

                    length = 4 + ((tag >> 2) & 7);
                    offset = ((tag >> 5) << 8) | *ip++;
                    break;
                case 2:
                    if (inputEnd - ip < 2)
                    {
                        throw new InvalidDataException("Snappy copy ends early");
                    }

                    length = 1 + (tag >> 2);
                    offset = Unsafe.ReadUnaligned<ushort>(ip);
                    ip += 2;
                    break;
                default:
                    if (inputEnd - ip < 4)
                    {
                        throw new InvalidDataException("Snappy copy ends early");
                    }

                    length = 1 + (tag >> 2);
                    offset = Unsafe.ReadUnaligned<uint>(ip);
                    ip += 4;
                    break;
            }

            if (offset <= 0 || offset > op - outputStart || length > outputEnd - op)
            {
                throw new InvalidDataException($"a Snappy copy (offset {offset}, length {length}) reaches outside the output");
            }

            var from = op - offset;
            if (offset >= 16 && length <= 16 && outputEnd - op >= 16)
            {
                Unsafe.CopyBlockUnaligned(op, from, 16);
                op += length;
                continue;
            }

            if (offset >= 8 && outputEnd - op >= length + 8)
            {
                // Each 8-byte step reads only bytes already written, so overlapping copies stay correct.
                var end = op + length;
                do
                {
                    Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<ulong>(from));
                    op += 8;
                    from += 8;
                }
                while (op < end);

                op = end;
            }
            else
            {
                for (var i = 0; i < length; i++)
                {
                    *op++ = *from++;
                }
            }
        }

        return op - outputStart;
    }

    private static ushort[] BuildElementTable()
    {
        var table = new ushort[256];
        for (var tag = 0; tag < 256; tag++)
        {
            table[tag] = (tag & 3) switch
            {
                0 => (ushort)((tag >> 2) + 1),
                1 => (ushort)((1 << 11) | ((tag >> 5) << 8) | (4 + ((tag >> 2) & 7))),
                2 => (ushort)((2 << 11) | ((tag >> 2) + 1)),
                _ => (ushort)((4 << 11) | ((tag >> 2) + 1)),
            };
        }

        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load64(byte* p) => Unsafe.ReadUnaligned<ulong>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Load32(byte* p) => Unsafe.ReadUnaligned<uint>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint bytes, int shift) => (bytes * 0x1E35A7BDu) >> shift;

    /// <summary>A full 64 KiB block: the whole table, and the hash shift a constant the JIT folds into the code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte* CompressFullBlock(byte* input, byte* op, ushort* hashTable)
    {
        Unsafe.InitBlockUnaligned(hashTable, 0, sizeof(ushort) << MaxHashBits);
        return CompressBlock(input, BlockSize, op, hashTable, 32 - MaxHashBits);
    }

    /// <summary>
    /// A shorter block (a small page, or the end of a page) gets a smaller table, about one entry per input byte as
    /// the reference implementation sizes it, so a short page does not pay for clearing the whole one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte* CompressShortBlock(byte* input, int length, byte* op, ushort* hashTable)
    {
        if (length < InputMargin)
        {
            return EmitLiteral(op, input, length, input + length);
        }

        var hashBits = Math.Clamp(32 - BitOperations.LeadingZeroCount((uint)length - 1), MinHashBits, MaxHashBits);
        Unsafe.InitBlockUnaligned(hashTable, 0, (uint)sizeof(ushort) << hashBits);
        return CompressBlock(input, length, op, hashTable, 32 - hashBits);
    }

    /// <summary>Compresses one block of at least <see cref="InputMargin"/> bytes with a cleared table indexed by the top 32 - <paramref name="hashShift"/> bits of a hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* CompressBlock(byte* input, int length, byte* op, ushort* hashTable, int hashShift)
    {
        var end = input + length;
        var nextEmit = input;
        var limit = end - InputMargin;
        var ip = input + 1;
        while (true)
        {
            // The next sixteen positions are probed four at a time: each group of four is hashed, looked up,
            // inserted and compared without a branch, and one branch then asks whether any matched (usually
            // one does) instead of one unpredictable branch per position.
            byte* candidate;
            if (ip + 16 + 8 <= limit)
            {
                for (var group = 0; group < 16; group += 4)
                {
                    var window = Load64(ip + group);
                    var position = (ushort)(ip + group - input);
                    var hash = Hash((uint)window, hashShift);
                    ulong entries = hashTable[hash];
                    hashTable[hash] = position;
                    var found = ((ulong)(Load32(input + entries) ^ (uint)window) - 1) >> 63;

                    hash = Hash((uint)(window >> 8), hashShift);
                    ulong entry = hashTable[hash];
                    hashTable[hash] = (ushort)(position + 1);
                    found |= (((ulong)(Load32(input + entry) ^ (uint)(window >> 8)) - 1) >> 63) << 1;
                    entries |= entry << 16;

                    hash = Hash((uint)(window >> 16), hashShift);
                    entry = hashTable[hash];
                    hashTable[hash] = (ushort)(position + 2);
                    found |= (((ulong)(Load32(input + entry) ^ (uint)(window >> 16)) - 1) >> 63) << 2;
                    entries |= entry << 32;

                    hash = Hash((uint)(window >> 24), hashShift);
                    entry = hashTable[hash];
                    hashTable[hash] = (ushort)(position + 3);
                    found |= (((ulong)(Load32(input + entry) ^ (uint)(window >> 24)) - 1) >> 63) << 3;
                    entries |= entry << 48;

                    if (found != 0)
                    {
                        // (x - 1) >> 63 is 1 exactly when the 32-bit difference x is zero; the first matching
                        // position wins, and its table entry is picked out of the four packed ones.
                        var first = BitOperations.TrailingZeroCount(found);
                        candidate = input + (ushort)(entries >> (first << 4));
                        ip += group + first;
                        goto FoundMatch;
                    }
                }

                ip += 16;
            }

            // Then the gaps between probes widen by one byte every 32 misses, skipping quickly through
            // incompressible input as the reference implementation does.
            var skip = 32;
            var nextIp = ip;
            var nextHash = Hash(Load32(ip), hashShift);
            do
            {
                ip = nextIp;
                var hash = nextHash;
                nextIp = ip + (skip++ >> 5);
                if (nextIp >= limit)
                {
                    goto EmitRemainder;
                }

                nextHash = Hash(Load32(nextIp), hashShift);
                candidate = input + hashTable[hash];
                hashTable[hash] = (ushort)(ip - input);
            }
            while (Load32(ip) != Load32(candidate));

        FoundMatch:
            // The literal before the match, emitted without a call so that nothing live has to be spilled
            // around one: its tag (lengths over 60 follow it in one to three bytes, written as four), then
            // 16-byte moves. The moves may read up to 15 bytes past ip (the input has InputMargin bytes
            // there) and write up to 15 past the literal (the output's worst-case slack covers it; later
            // elements overwrite them).
            var lengthMinusOne = (uint)(ip - nextEmit) - 1;
            if (lengthMinusOne < 60)
            {
                *op++ = (byte)(lengthMinusOne << 2);
            }
            else
            {
                var lengthBytes = (uint)(39 - BitOperations.LeadingZeroCount(lengthMinusOne)) >> 3;
                *op = (byte)((59 + lengthBytes) << 2);
                Unsafe.WriteUnaligned(op + 1, lengthMinusOne);
                op += 1 + lengthBytes;
            }

            var literalEnd = op + lengthMinusOne + 1;
            var from = nextEmit;
            do
            {
                Unsafe.CopyBlockUnaligned(op, from, 16);
                op += 16;
                from += 16;
            }
            while (op < literalEnd);

            op = literalEnd;

            // The copy loop. `current` holds the eight bytes at ip and `next` the eight after them, so the
            // bytes at a short match's end come from two shifts instead of a load that would have to wait for
            // the match length: the chain from one element to the next (hash, table, candidate, compare) is
            // the loop's critical path.
            var current = Load64(ip);
            var next = Load64(ip + 8);
            var difference = current ^ Load64(candidate);
            while (true)
            {
                var offset = (int)(ip - candidate);
                int matched;
                if (difference != 0)
                {
                    // The first four bytes are known equal, so the first difference is in bytes 4-7.
                    // Shifting left by -shift is shifting by 64 - shift: C# masks the count to six bits.
                    var shift = BitOperations.TrailingZeroCount(difference) & ~7;
                    matched = shift >> 3;
                    current = (current >> shift) | (next << -shift);
                    ip += matched;
                }
                else
                {
                    matched = 8 + MatchLength(candidate + 8, ip + 8, end);
                    ip += matched;
                    current = ip < limit ? Load64(ip) : 0;
                }

                if (matched <= 64)
                {
                    // Whether the copy needs a two-byte offset (length 12 or more, or offset 2048 or more) is
                    // a coin toss in text, so both encodings are computed and one is picked arithmetically.
                    // Two-byte offset: tag 2 | (length - 1) << 2, then the offset. One-byte offset: tag
                    // 1 | (length - 4) << 2 | (offset >> 8) << 5, then the offset's low byte; that is the former
                    // minus 13, plus the offset's bits 8-10 at bits 5-7. Four bytes are written either way (the
                    // excess is overwritten by what follows).
                    var twoByte = (uint)((11 - matched) | (2047 - offset)) >> 31;
                    var copy2 = (uint)((offset << 8) + (matched << 2) - 2);
                    var toCopy1 = 13 - ((uint)(offset >> 3) & 0xE0);
                    Unsafe.WriteUnaligned(op, copy2 - (toCopy1 & (twoByte - 1)));
                    op += 2 + twoByte;
                }
                else
                {
                    op = EmitCopy(op, offset, matched);
                }

                nextEmit = ip;
                if (ip >= limit)
                {
                    goto EmitRemainder;
                }

                next = Load64(ip + 8);
                hashTable[Hash(Load32(ip - 1), hashShift)] = (ushort)(ip - 1 - input);
                var hash = Hash((uint)current, hashShift);
                candidate = input + hashTable[hash];
                hashTable[hash] = (ushort)(ip - input);
                difference = current ^ Load64(candidate);
                if ((uint)difference != 0)
                {
                    break;
                }
            }

            ip++;
        }

    EmitRemainder:
        return nextEmit < end ? EmitLiteral(op, nextEmit, (int)(end - nextEmit), end) : op;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MatchLength(byte* s1, byte* s2, byte* end)
    {
        var start = s2;
        while (s2 <= end - 8)
        {
            var difference = Unsafe.ReadUnaligned<ulong>(s2) ^ Unsafe.ReadUnaligned<ulong>(s1);
            if (difference != 0)
            {
                return (int)(s2 - start) + (BitOperations.TrailingZeroCount(difference) >> 3);
            }

            s1 += 8;
            s2 += 8;
        }

        while (s2 < end && *s1 == *s2)
        {
            s1++;
            s2++;
        }

        return (int)(s2 - start);
    }

    private static byte* EmitLiteral(byte* op, byte* literal, int length, byte* inputEnd)
    {
        if (length == 0)
        {
            return op;
        }

        var n = length - 1;
        if (n < 16 && inputEnd - literal >= 16)
        {
            // Short literal: one 16-byte move (the output buffer's worst-case slack covers the overrun).
            *op++ = (byte)(n << 2);
            Unsafe.CopyBlockUnaligned(op, literal, 16);
            return op + length;
        }

        if (n < 60)
        {
            *op++ = (byte)(n << 2);
        }
        else if (n < 1 << 8)
        {
            *op++ = 60 << 2;
            *op++ = (byte)n;
        }
        else if (n < 1 << 16)
        {
            *op++ = 61 << 2;
            *op++ = (byte)n;
            *op++ = (byte)(n >> 8);
        }
        else if (n < 1 << 24)
        {
            *op++ = 62 << 2;
            *op++ = (byte)n;
            *op++ = (byte)(n >> 8);
            *op++ = (byte)(n >> 16);
        }
        else
        {
            *op++ = 63 << 2;
            Unsafe.WriteUnaligned(op, n);
            op += 4;
        }

        Buffer.MemoryCopy(literal, op, length, length);
        return op + length;
    }

    private static byte* EmitCopy(byte* op, int offset, int length)
    {
        while (length >= 68)
        {
            op = EmitCopyUpTo64(op, offset, 64);
            length -= 64;
        }

        if (length > 64)
        {
            op = EmitCopyUpTo64(op, offset, 60);
            length -= 60;
        }

        return EmitCopyUpTo64(op, offset, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* EmitCopyUpTo64(byte* op, int offset, int length)
    {
        if (length < 12 && offset < 2048)
        {
            *op++ = (byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5));
            *op++ = (byte)offset;
        }
        else
        {
            *op++ = (byte)(2 | ((length - 1) << 2));
            *op++ = (byte)offset;
            *op++ = (byte)(offset >> 8);
        }

        return op;
    }
}
