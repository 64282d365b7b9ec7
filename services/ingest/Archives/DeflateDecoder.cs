using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.ExceptionServices;

namespace Sluice.Ingest.Archives;

/// <summary>
/// Decodes one raw deflate stream (RFC 1951) from an <see cref="InflateBitReader"/>, a buffer at a time, and stops
/// exactly at its end so that what follows (a gzip trailer, the next member) is read from the same reader.
/// Damaged data throws <see cref="InvalidDataException"/>; input that ends inside the stream throws <see cref="EndOfStreamException"/>.
/// </summary>
internal sealed class DeflateDecoder
{
    private const int WindowSize = 32 * 1024;
    private const int MaxMatch = 258;
    private const int EndOfBlock = 256;

    // The fast loop starts a symbol only with room for the longest match plus the overshoot of its 16-byte copies.
    private const int FastOutputSlack = MaxMatch + 16;

    // ... and only with 8 buffered input bytes, for its one unaligned 8-byte refill per symbol.
    private const int FastInputSlack = 8;

    private static readonly byte[] CodeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    private static readonly HuffmanDecodeTable FixedLiterals = BuildFixed(true);
    private static readonly HuffmanDecodeTable FixedDistances = BuildFixed(false);

    private readonly InflateBitReader _input;
    // Window plus 48 KiB of fresh output: under the 85,000-byte large-object threshold, so a tar of many small .gz
    // entries does not fill the large object heap with one decoder buffer each.
    private readonly byte[] _output = new byte[WindowSize + (48 * 1024)];
    private readonly HuffmanDecodeTable _dynamicLiterals = new(HuffmanAlphabet.LiteralLength);
    private readonly HuffmanDecodeTable _dynamicDistances = new(HuffmanAlphabet.Distance);
    private readonly HuffmanDecodeTable _codeLengths = new(HuffmanAlphabet.CodeLength);
    private readonly byte[] _lengths = new byte[288 + 32];
    private HuffmanDecodeTable _literals = FixedLiterals;
    private HuffmanDecodeTable _distances = FixedDistances;
    private DeflateBlockState _state;
    private ExceptionDispatchInfo? _pendingError;
    private bool _finalBlock;
    private int _storedLeft;
    private int _read;
    private int _written;
    private long _total;

    public DeflateDecoder(InflateBitReader input)
    {
        _input = input;
    }

    /// <summary>Starts a new deflate stream (the next gzip member) with an empty window.</summary>
    public void Reset()
    {
        _state = DeflateBlockState.BlockHeader;
        _pendingError = null;
        _finalBlock = false;
        _read = _written = 0;
        _total = 0;
    }

    /// <summary>Copies decoded bytes into <paramref name="destination"/>; 0 only when the stream has ended.</summary>
    public int Read(Span<byte> destination)
    {
        if (_read == _written)
        {
            _pendingError?.Throw();
            if (_state == DeflateBlockState.Done)
            {
                return 0;
            }

            try
            {
                Decode();
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                // Hand out what was decoded before the damage first (a reader keeps the records it holds), then fail.
                // (Checked here, not in the filter: the filter would run before the decoding loop records its output.)
                if (_written == _read)
                {
                    throw;
                }

                _pendingError = ExceptionDispatchInfo.Capture(e);
            }
        }

        var count = Math.Min(destination.Length, _written - _read);
        _output.AsSpan(_read, count).CopyTo(destination);
        _read += count;
        return count;
    }

    private void Decode()
    {
        if (_written > WindowSize)
        {
            _output.AsSpan(_written - WindowSize, WindowSize).CopyTo(_output);
            _written = _read = WindowSize;
        }

        var limit = _output.Length - MaxMatch;
        while (_written < limit)
        {
            switch (_state)
            {
                case DeflateBlockState.BlockHeader:
                    if (_finalBlock)
                    {
                        _input.AlignToByte();
                        _state = DeflateBlockState.Done;
                        return;
                    }

                    ReadBlockHeader();
                    break;
                case DeflateBlockState.Stored:
                    CopyStored(limit);
                    break;
                case DeflateBlockState.Huffman:
                    DecodeHuffman(limit);
                    break;
                default:
                    return;
            }
        }
    }

    private void ReadBlockHeader()
    {
        Need(3);
        _finalBlock = _input.Take(1) == 1;
        switch (_input.Take(2))
        {
            case 0:
                _input.AlignToByte();
                Need(32);
                var length = (int)_input.Take(16);
                var complement = (int)_input.Take(16);
                if ((length ^ 0xFFFF) != complement)
                {
                    throw new InvalidDataException($"a stored block's length {length} does not match its one's complement");
                }

                _storedLeft = length;
                _state = DeflateBlockState.Stored;
                break;
            case 1:
                _literals = FixedLiterals;
                _distances = FixedDistances;
                _state = DeflateBlockState.Huffman;
                break;
            case 2:
                ReadDynamicTables();
                _literals = _dynamicLiterals;
                _distances = _dynamicDistances;
                _state = DeflateBlockState.Huffman;
                break;
            default:
                throw new InvalidDataException("a block has the reserved type 3");
        }
    }

    private void ReadDynamicTables()
    {
        Need(14);
        var literalCount = (int)_input.Take(5) + 257;
        var distanceCount = (int)_input.Take(5) + 1;
        var codeLengthCount = (int)_input.Take(4) + 4;
        if (literalCount > 286 || distanceCount > 30)
        {
            throw new InvalidDataException($"a dynamic block declares {literalCount} literal/length and {distanceCount} distance codes (at most 286 and 30)");
        }

        Span<byte> codeLengthLengths = stackalloc byte[19];
        for (var i = 0; i < codeLengthCount; i++)
        {
            Need(3);
            codeLengthLengths[CodeLengthOrder[i]] = (byte)_input.Take(3);
        }

        if (!_codeLengths.TryBuild(codeLengthLengths))
        {
            throw new InvalidDataException("a dynamic block's code length code is not a prefix code");
        }

        var lengths = _lengths.AsSpan(0, literalCount + distanceCount);
        var filled = 0;
        while (filled < lengths.Length)
        {
            _input.TryEnsure(7 + 7);
            var symbol = DecodeSymbol(_codeLengths);
            if (symbol < 16)
            {
                lengths[filled++] = (byte)symbol;
                continue;
            }

            byte repeated = 0;
            int times;
            if (symbol == 16)
            {
                if (filled == 0)
                {
                    throw new InvalidDataException("a dynamic block repeats a code length before the first one");
                }

                repeated = lengths[filled - 1];
                Need(2);
                times = 3 + (int)_input.Take(2);
            }
            else if (symbol == 17)
            {
                Need(3);
                times = 3 + (int)_input.Take(3);
            }
            else
            {
                Need(7);
                times = 11 + (int)_input.Take(7);
            }

            if (filled + times > lengths.Length)
            {
                throw new InvalidDataException("a dynamic block's code lengths run past the number of codes it declares");
            }

            lengths.Slice(filled, times).Fill(repeated);
            filled += times;
        }

        if (lengths[EndOfBlock] == 0)
        {
            throw new InvalidDataException("a dynamic block has no end-of-block code");
        }

        if (!_dynamicLiterals.TryBuild(lengths[..literalCount]) || !_dynamicDistances.TryBuild(lengths[literalCount..]))
        {
            throw new InvalidDataException("a dynamic block's literal/length or distance code is not a prefix code");
        }
    }

    private void CopyStored(int limit)
    {
        while (_storedLeft > 0 && _written < limit)
        {
            var copied = _input.ReadBytes(_output.AsSpan(_written, Math.Min(_storedLeft, limit - _written)));
            if (copied == 0)
            {
                throw new EndOfStreamException("the data ends inside a stored block");
            }

            _written += copied;
            _total += copied;
            _storedLeft -= copied;
        }

        if (_storedLeft == 0)
        {
            _state = DeflateBlockState.BlockHeader;
        }
    }

    private void DecodeHuffman(int limit)
    {
        var output = _output;
        var input = _input;
        var literals = _literals;
        var distances = _distances;
        var written = _written;

        // Bytes of this stream that lie before output[0]: a match may reach back into them only after a slide kept them.
        var before = _total - written;
        try
        {
            var fastLimit = output.Length - FastOutputSlack;
            while (written < limit)
            {
                if (written < fastLimit && input.BufferEnd - input.Position >= FastInputSlack)
                {
                    // The fast loop returns at the edges of the buffers and before anything it leaves to this careful
                    // path (end-of-block, an invalid code or distance), which then decodes that one symbol.
                    written = DecodeFast(written, fastLimit);
                    if (written >= limit)
                    {
                        break;
                    }
                }

                if (input.BitCount < 48)
                {
                    input.Refill();
                }

                var symbol = DecodeSymbol(literals);
                if (symbol < EndOfBlock)
                {
                    output[written++] = (byte)symbol;
                    continue;
                }

                if (symbol == EndOfBlock)
                {
                    _state = DeflateBlockState.BlockHeader;
                    return;
                }

                symbol -= 257;
                if (symbol >= 29)
                {
                    throw new InvalidDataException($"a block uses the invalid length code {symbol + 257}");
                }

                var length = HuffmanDecodeTable.LengthBase[symbol] + (int)TakeExtra(HuffmanDecodeTable.LengthExtra[symbol]);
                var distanceSymbol = DecodeSymbol(distances);
                if (distanceSymbol >= 30)
                {
                    throw new InvalidDataException($"a block uses the invalid distance code {distanceSymbol}");
                }

                var distance = HuffmanDecodeTable.DistanceBase[distanceSymbol] + (int)TakeExtra(HuffmanDecodeTable.DistanceExtra[distanceSymbol]);
                if (distance > written + before || distance > written)
                {
                    throw new InvalidDataException($"a match reaches {distance} bytes back, before the start of the data");
                }

                var from = written - distance;
                if (distance >= length)
                {
                    output.AsSpan(from, length).CopyTo(output.AsSpan(written, length));
                }
                else
                {
                    for (var i = 0; i < length; i++)
                    {
                        output[written + i] = output[from + i];
                    }
                }

                written += length;
            }
        }
        finally
        {
            _total = before + written;
            _written = written;
        }
    }

    /// <summary>
    /// Decodes symbols while at least <see cref="FastInputSlack"/> input bytes are buffered and output is below
    /// <paramref name="fastLimit"/>: one 8-byte refill per symbol (56 bits or more, enough for a length code, its extra
    /// bits, a distance code and its extra bits), one packed look-up per code, matches copied 16 or 8 bytes at a time.
    /// It returns without consuming a symbol it does not handle, so the careful path decodes that one and raises the
    /// same errors as before.
    /// </summary>
    private int DecodeFast(int written, int fastLimit)
    {
        var input = _input;
        var position = input.Position;
        var inputEnd = input.BufferEnd - FastInputSlack;
        var bits = input.Bits;
        var bitCount = input.BitCount;
        ref var inputStart = ref MemoryMarshal.GetArrayDataReference(input.Buffer);
        ref var outputStart = ref MemoryMarshal.GetArrayDataReference(_output);
        var literalEntries = _literals.Entries;
        var distanceEntries = _distances.Entries;
        ref var literalStart = ref MemoryMarshal.GetArrayDataReference(literalEntries);
        ref var distanceStart = ref MemoryMarshal.GetArrayDataReference(distanceEntries);
        var literalRoot = _literals.RootBits;
        var distanceRoot = _distances.RootBits;
        var literalMask = (1UL << literalRoot) - 1;
        var distanceMask = (1UL << distanceRoot) - 1;

        while (written < fastLimit && position <= inputEnd)
        {
            // Bits above bitCount already hold the bytes from position on (or zeros), so OR-ing the next 8 bytes over
            // them is exact; afterwards 56 to 63 bits are held.
            bits |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref inputStart, position)) << bitCount;
            position += (63 - bitCount) >> 3;
            bitCount |= 56;
            var symbolBits = bits;
            var symbolBitCount = bitCount;

            var entry = Unsafe.Add(ref literalStart, (nint)(bits & literalMask));
            if ((entry & HuffmanDecodeTable.KindMask) == HuffmanDecodeTable.SubtableKind)
            {
                entry = Unsafe.Add(ref literalStart, (nint)((entry >> 16) + (uint)((bits >> literalRoot) & ((1UL << (int)(entry & 0xFF)) - 1))));
            }

            var kind = entry & HuffmanDecodeTable.KindMask;
            if (kind == HuffmanDecodeTable.LiteralKind)
            {
                Unsafe.Add(ref outputStart, written++) = (byte)(entry >> 16);
                bits >>= (int)(entry & 0xFF);
                bitCount -= (int)(entry & 0xFF);

                // Literals come in runs; a second one (at most 15 bits) still fits in what the refill left.
                entry = Unsafe.Add(ref literalStart, (nint)(bits & literalMask));
                if ((entry & HuffmanDecodeTable.KindMask) == HuffmanDecodeTable.LiteralKind)
                {
                    Unsafe.Add(ref outputStart, written++) = (byte)(entry >> 16);
                    bits >>= (int)(entry & 0xFF);
                    bitCount -= (int)(entry & 0xFF);
                }

                continue;
            }

            if (kind != HuffmanDecodeTable.BaseKind)
            {
                input.Resume(symbolBits, symbolBitCount, position);
                return written;
            }

            var consumed = (int)(entry & 0xFF);
            var length = (int)(entry >> 16) + (int)((bits & ((1UL << consumed) - 1)) >> (int)((entry >> 8) & 0xF));
            bits >>= consumed;
            bitCount -= consumed;

            entry = Unsafe.Add(ref distanceStart, (nint)(bits & distanceMask));
            if ((entry & HuffmanDecodeTable.KindMask) == HuffmanDecodeTable.SubtableKind)
            {
                entry = Unsafe.Add(ref distanceStart, (nint)((entry >> 16) + (uint)((bits >> distanceRoot) & ((1UL << (int)(entry & 0xFF)) - 1))));
            }

            consumed = (int)(entry & 0xFF);
            var distance = (int)(entry >> 16) + (int)((bits & ((1UL << consumed) - 1)) >> (int)((entry >> 8) & 0xF));
            if ((entry & HuffmanDecodeTable.KindMask) != HuffmanDecodeTable.BaseKind || distance > written)
            {
                input.Resume(symbolBits, symbolBitCount, position);
                return written;
            }

            bits >>= consumed;
            bitCount -= consumed;
            CopyMatch(ref Unsafe.Add(ref outputStart, written), distance, length);
            written += length;
        }

        input.Resume(bits, bitCount, position);
        return written;
    }

    /// <summary>
    /// Copies a match inside the output array (room for <see cref="FastOutputSlack"/> bytes past <paramref name="destination"/>):
    /// in 16- or 8-byte pieces when the distance is at least that wide, so each piece reads only bytes already written,
    /// which may write up to 15 bytes past the match (scratch that later output overwrites); a fill for distance 1; byte by byte otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyMatch(ref byte destination, int distance, int length)
    {
        ref var source = ref Unsafe.Subtract(ref destination, distance);
        if (distance >= 16)
        {
            nuint offset = 0;
            do
            {
                Vector128.LoadUnsafe(ref source, offset).StoreUnsafe(ref destination, offset);
                offset += 16;
            }
            while (offset < (nuint)length);
        }
        else if (distance >= 8)
        {
            nint offset = 0;
            do
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, offset), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, offset)));
                offset += 8;
            }
            while (offset < length);
        }
        else if (distance == 1)
        {
            Unsafe.InitBlockUnaligned(ref destination, source, (uint)length);
        }
        else
        {
            for (var i = 0; i < length; i++)
            {
                Unsafe.Add(ref destination, i) = Unsafe.Add(ref source, i);
            }
        }
    }

    private uint TakeExtra(int bits)
    {
        if (bits == 0)
        {
            return 0;
        }

        Need(bits);
        return _input.Take(bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int DecodeSymbol(HuffmanDecodeTable table)
    {
        var symbol = table.Decode(_input);
        return symbol >= 0 ? symbol : ThrowBadSymbol(symbol);
    }

    private static int ThrowBadSymbol(int result) => result == HuffmanDecodeTable.Truncated
        ? throw new EndOfStreamException("the data ends inside a deflate block")
        : throw new InvalidDataException("a block holds a bit sequence that is no code of its Huffman table");

    private void Need(int bits)
    {
        if (!_input.TryEnsure(bits))
        {
            throw new EndOfStreamException("the data ends inside a deflate block");
        }
    }

    private static HuffmanDecodeTable BuildFixed(bool literals)
    {
        // RFC 1951 section 3.2.6.
        var lengths = new byte[literals ? 288 : 30];
        if (literals)
        {
            lengths.AsSpan(0, 144).Fill(8);
            lengths.AsSpan(144, 112).Fill(9);
            lengths.AsSpan(256, 24).Fill(7);
            lengths.AsSpan(280, 8).Fill(8);
        }
        else
        {
            lengths.AsSpan().Fill(5);
        }

        var table = new HuffmanDecodeTable(literals ? HuffmanAlphabet.LiteralLength : HuffmanAlphabet.Distance);
        table.TryBuild(lengths);
        return table;
    }
}
