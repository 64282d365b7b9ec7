using System.Runtime.CompilerServices;
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

    private static readonly ushort[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly byte[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly ushort[] DistanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    private static readonly byte[] DistanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
    private static readonly byte[] CodeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    private static readonly HuffmanDecodeTable FixedLiterals = BuildFixed(true);
    private static readonly HuffmanDecodeTable FixedDistances = BuildFixed(false);

    private readonly InflateBitReader _input;
    // Window plus 48 KiB of fresh output: under the 85,000-byte large-object threshold, so a tar of many small .gz
    // entries does not fill the large object heap with one decoder buffer each.
    private readonly byte[] _output = new byte[WindowSize + (48 * 1024)];
    private readonly HuffmanDecodeTable _dynamicLiterals = new(288);
    private readonly HuffmanDecodeTable _dynamicDistances = new(32);
    private readonly HuffmanDecodeTable _codeLengths = new(19);
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
            while (written < limit)
            {
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

                var length = LengthBase[symbol] + (int)TakeExtra(LengthExtra[symbol]);
                var distanceSymbol = DecodeSymbol(distances);
                if (distanceSymbol >= 30)
                {
                    throw new InvalidDataException($"a block uses the invalid distance code {distanceSymbol}");
                }

                var distance = DistanceBase[distanceSymbol] + (int)TakeExtra(DistanceExtra[distanceSymbol]);
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

        var table = new HuffmanDecodeTable(lengths.Length);
        table.TryBuild(lengths);
        return table;
    }
}
