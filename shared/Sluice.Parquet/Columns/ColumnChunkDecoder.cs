using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Sluice.Parquet.Compression;
using Sluice.Parquet.Encodings;
using Sluice.Parquet.Format;
using Sluice.Parquet.Thrift;

namespace Sluice.Parquet.Columns;

/// <summary>
/// Decodes one column chunk (dictionary page, v1 and v2 data pages) into a <see cref="ParquetColumnData"/>.
/// Every size taken from the file is checked against the bytes that hold it before it is used; arrays grow with
/// the values actually decoded rather than with counts the file declares. Problems throw <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class ColumnChunkDecoder
{
    private const int MaxPageValues = 1 << 26;
    private byte[] _page = [];
    private byte[] _definitions = [];
    private byte[] _repetitions = [];
    private int[] _indices = [];
    private long[] _longs = [];
    private byte[] _blockBytes = [];
    private int[] _blockOffsets = [];

    private LeafColumn _leaf = null!;
    private ColumnChunkMetadata _meta = null!;
    private ParquetColumnData _data = null!;
    private long _rowLimit;
    private int _rows;
    private int _byteLength;
    private int _capacity;

    private bool _hasDictionary;
    private int _dictionaryCount;
    private byte[] _dictionaryBytes = [];
    private int[] _dictionaryOffsets = [];
    private int[] _dictionaryInts = [];
    private long[] _dictionaryLongs = [];
    private float[] _dictionaryFloats = [];
    private double[] _dictionaryDoubles = [];
    private bool[] _dictionaryBools = [];

    private int[] _ints = [];
    private float[] _floats = [];
    private double[] _doubles = [];
    private bool[] _bools = [];

    public ParquetColumnData Decode(LeafColumn leaf, ColumnChunkMetadata meta, byte[] chunk, int chunkLength, long rowGroupRows)
    {
        _leaf = leaf;
        _meta = meta;
        _rowLimit = rowGroupRows;
        _rows = 0;
        _byteLength = 0;
        _capacity = 0;
        _hasDictionary = false;
        _dictionaryCount = 0;
        _data = new ParquetColumnData(leaf.Column);
        var initial = (int)Math.Min(rowGroupRows, 1 << 16);
        GrowRows(initial);
        if (leaf.Physical == PhysicalType.ByteArray)
        {
            // Sized from the chunk's declared size, capped by what its stored bytes could plausibly expand to.
            var hint = Math.Min(meta.TotalUncompressedSize, Math.Min(256L << 20, (long)chunkLength * 32));
            _data.Bytes = hint > 0 ? GC.AllocateUninitializedArray<byte>((int)hint) : [];
        }
        long consumed = 0;
        var position = 0;
        while (consumed < meta.NumValues)
        {
            if (position >= chunkLength)
            {
                throw new InvalidDataException($"the column chunk ends after {consumed} of its {meta.NumValues} values");
            }

            var reader = new CompactReader(chunk, position, chunkLength - position);
            var header = PageHeader.Read(reader);
            position = reader.Position;
            if (header.CompressedPageSize < 0 || header.CompressedPageSize > chunkLength - position)
            {
                throw new InvalidDataException($"a page claims {header.CompressedPageSize} bytes but the column chunk has {chunkLength - position} left");
            }

            if (header.UncompressedPageSize < 0)
            {
                throw new InvalidDataException($"a page declares a negative size ({header.UncompressedPageSize})");
            }

            var bodyOffset = position;
            position += header.CompressedPageSize;
            switch (header.Type)
            {
                case PageType.DictionaryPage:
                    RequireTypeHeader(header);
                    if (_hasDictionary || consumed > 0)
                    {
                        throw new InvalidDataException("a dictionary page appears after the chunk's first page");
                    }

                    ReadDictionary(header, Inflate(header, chunk, bodyOffset, header.CompressedPageSize, header.UncompressedPageSize));
                    break;
                case PageType.DataPage:
                    RequireTypeHeader(header);
                    consumed += CheckValueCount(header, consumed);
                    ReadDataPageV1(header, Inflate(header, chunk, bodyOffset, header.CompressedPageSize, header.UncompressedPageSize));
                    break;
                case PageType.DataPageV2:
                    RequireTypeHeader(header);
                    consumed += CheckValueCount(header, consumed);
                    ReadDataPageV2(header, chunk, bodyOffset);
                    break;
                default:
                    break;
            }
        }

        if (_rows != rowGroupRows)
        {
            throw new InvalidDataException($"the column chunk holds {_rows} rows but the row group declares {rowGroupRows}");
        }

        _data.RowCount = _rows;
        if (_leaf.Column.IsList)
        {
            _data.ListStarts[_rows] = _data.ElementCount;
        }

        return _data;
    }

    private static void RequireTypeHeader(PageHeader header)
    {
        if (!header.HasTypeHeader)
        {
            throw new InvalidDataException($"a {header.Type} page has no page-type header");
        }
    }

    private int CheckValueCount(PageHeader header, long consumed)
    {
        if (header.NumValues < 0 || header.NumValues > MaxPageValues || header.NumValues > _meta.NumValues - consumed)
        {
            throw new InvalidDataException($"a data page declares {header.NumValues} values but the column chunk has {_meta.NumValues - consumed} left");
        }

        return header.NumValues;
    }

    private ReadOnlySpan<byte> Inflate(PageHeader header, byte[] chunk, int offset, int count, int size)
    {
        if (_meta.Codec == CompressionCodec.Uncompressed)
        {
            if (size != count)
            {
                throw new InvalidDataException($"an uncompressed page stores {count} bytes but declares {size}");
            }

            return chunk.AsSpan(offset, count);
        }

        if (size > PageCompressor.MaxExpansion(_meta.Codec, count))
        {
            throw new InvalidDataException($"a {header.Type} page declares {size} bytes, more than {count} {_meta.Codec} bytes can hold");
        }

        if (_page.Length < size)
        {
            _page = GC.AllocateUninitializedArray<byte>(Math.Max(size, Math.Min(Array.MaxLength, _page.Length * 2)));
        }

        PageCompressor.Decompress(_meta.Codec, chunk, offset, count, _page.AsSpan(0, size));
        return _page.AsSpan(0, size);
    }

    private void ReadDataPageV1(PageHeader header, ReadOnlySpan<byte> page)
    {
        var n = header.NumValues;
        EnsureLevels(n);
        var offset = 0;
        if (_leaf.MaxRepetition > 0)
        {
            offset += ReadPrefixedLevels(page[offset..], _repetitions.AsSpan(0, n), _leaf.MaxRepetition, "repetition");
        }

        if (_leaf.MaxDefinition > 0)
        {
            offset += ReadPrefixedLevels(page[offset..], _definitions.AsSpan(0, n), _leaf.MaxDefinition, "definition");
        }

        Assemble(n, header.Encoding, page[offset..]);
    }

    private void ReadDataPageV2(PageHeader header, byte[] chunk, int bodyOffset)
    {
        var n = header.NumValues;
        var repetitionBytes = header.RepetitionLevelsByteLength;
        var definitionBytes = header.DefinitionLevelsByteLength;
        if (repetitionBytes < 0 || definitionBytes < 0 || (long)repetitionBytes + definitionBytes > header.CompressedPageSize
            || (long)repetitionBytes + definitionBytes > header.UncompressedPageSize)
        {
            throw new InvalidDataException($"a v2 data page's level lengths ({repetitionBytes}, {definitionBytes}) exceed the page");
        }

        EnsureLevels(n);
        var levels = chunk.AsSpan(bodyOffset, repetitionBytes + definitionBytes);
        if (_leaf.MaxRepetition > 0)
        {
            RleHybridDecoder.Decode(levels[..repetitionBytes], RleHybridEncoder.BitWidth(_leaf.MaxRepetition), _repetitions.AsSpan(0, n));
        }

        if (_leaf.MaxDefinition > 0)
        {
            RleHybridDecoder.Decode(levels[repetitionBytes..], RleHybridEncoder.BitWidth(_leaf.MaxDefinition), _definitions.AsSpan(0, n));
        }

        var valuesOffset = bodyOffset + repetitionBytes + definitionBytes;
        var storedValues = header.CompressedPageSize - repetitionBytes - definitionBytes;
        var valueSize = header.UncompressedPageSize - repetitionBytes - definitionBytes;
        ReadOnlySpan<byte> values = header.IsCompressed
            ? Inflate(header, chunk, valuesOffset, storedValues, valueSize)
            : storedValues == valueSize
                ? chunk.AsSpan(valuesOffset, storedValues)
                : throw new InvalidDataException($"an uncompressed v2 page stores {storedValues} value bytes but declares {valueSize}");
        Assemble(n, header.Encoding, values);
    }

    private static int ReadPrefixedLevels(ReadOnlySpan<byte> page, Span<byte> levels, int maxLevel, string kind)
    {
        if (page.Length < 4)
        {
            throw new InvalidDataException($"a data page ends before its {kind} levels");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(page);
        if (length < 0 || length > page.Length - 4)
        {
            throw new InvalidDataException($"{kind} levels claim {length} bytes but the page has {page.Length - 4} left");
        }

        RleHybridDecoder.Decode(page.Slice(4, length), RleHybridEncoder.BitWidth(maxLevel), levels);
        return 4 + length;
    }

    private void EnsureLevels(int n)
    {
        if (_definitions.Length < n)
        {
            _definitions = new byte[Math.Max(n, _definitions.Length * 2)];
            _repetitions = new byte[_definitions.Length];
        }
    }

    private void Assemble(int n, PageEncoding encoding, ReadOnlySpan<byte> values)
    {
        var maxDefinition = _leaf.MaxDefinition;
        var present = n;
        if (maxDefinition > 0)
        {
            present = 0;
            var definitions = _definitions.AsSpan(0, n);
            foreach (var d in definitions)
            {
                if (d > maxDefinition)
                {
                    throw new InvalidDataException($"definition level {d} exceeds the column's maximum {maxDefinition}");
                }

                present += d == maxDefinition ? 1 : 0;
            }
        }

        if (_leaf.MaxRepetition > 0)
        {
            foreach (var r in _repetitions.AsSpan(0, n))
            {
                if (r > _leaf.MaxRepetition)
                {
                    throw new InvalidDataException($"repetition level {r} exceeds the column's maximum {_leaf.MaxRepetition}");
                }
            }
        }

        if (_leaf.Physical == PhysicalType.ByteArray)
        {
            AssembleByteArrays(n, present, encoding, values);
            return;
        }

        DecodeFixed(present, encoding, values);
        if (_leaf.Column.IsList)
        {
            AssembleList(n, present);
        }
        else
        {
            AssembleFlat(n, present);
        }
    }

    private void DecodeFixed(int present, PageEncoding encoding, ReadOnlySpan<byte> values)
    {
        var physical = _leaf.Physical;
        EnsureScratch(present);
        switch (encoding)
        {
            case PageEncoding.Plain when physical == PhysicalType.Boolean:
                if ((long)present > (long)values.Length * 8)
                {
                    throw new InvalidDataException($"a BOOLEAN page holds fewer than the {present} values its levels need");
                }

                for (var i = 0; i < present; i++)
                {
                    _bools[i] = (values[i >> 3] & (1 << (i & 7))) != 0;
                }

                break;
            case PageEncoding.Plain:
                var width = Width(physical);
                if ((long)present * width > values.Length)
                {
                    throw new InvalidDataException($"a PLAIN page holds {values.Length} bytes, fewer than the {present} values its levels need");
                }

                var raw = values[..(present * width)];
                switch (physical)
                {
                    case PhysicalType.Int32: raw.CopyTo(MemoryMarshal.AsBytes(_ints.AsSpan())); break;
                    case PhysicalType.Int64: raw.CopyTo(MemoryMarshal.AsBytes(_longs.AsSpan())); break;
                    case PhysicalType.Float: raw.CopyTo(MemoryMarshal.AsBytes(_floats.AsSpan())); break;
                    default: raw.CopyTo(MemoryMarshal.AsBytes(_doubles.AsSpan())); break;
                }

                break;
            case PageEncoding.Rle when physical == PhysicalType.Boolean:
                if (values.Length < 4)
                {
                    throw new InvalidDataException("an RLE BOOLEAN page ends before its length");
                }

                var length = BinaryPrimitives.ReadInt32LittleEndian(values);
                if (length < 0 || length > values.Length - 4)
                {
                    throw new InvalidDataException($"an RLE BOOLEAN page claims {length} bytes but has {values.Length - 4}");
                }

                var bits = _indices.AsSpan(0, present);
                RleHybridDecoder.Decode(values.Slice(4, length), 1, bits);
                for (var i = 0; i < present; i++)
                {
                    _bools[i] = bits[i] != 0;
                }

                break;
            case PageEncoding.RleDictionary or PageEncoding.PlainDictionary:
                DecodeIndices(present, values);
                for (var i = 0; i < present; i++)
                {
                    var index = _indices[i];
                    switch (physical)
                    {
                        case PhysicalType.Int32: _ints[i] = _dictionaryInts[index]; break;
                        case PhysicalType.Int64: _longs[i] = _dictionaryLongs[index]; break;
                        case PhysicalType.Float: _floats[i] = _dictionaryFloats[index]; break;
                        case PhysicalType.Double: _doubles[i] = _dictionaryDoubles[index]; break;
                        default: _bools[i] = _dictionaryBools[index]; break;
                    }
                }

                break;
            case PageEncoding.DeltaBinaryPacked when physical is PhysicalType.Int32 or PhysicalType.Int64:
                DeltaBinaryPackedDecoder.Decode(values, _longs.AsSpan(0, present));
                if (physical == PhysicalType.Int32)
                {
                    for (var i = 0; i < present; i++)
                    {
                        _ints[i] = unchecked((int)_longs[i]);
                    }
                }

                break;
            case PageEncoding.ByteStreamSplit when physical is not PhysicalType.Boolean:
                var streamWidth = Width(physical);
                if ((long)present * streamWidth != values.Length)
                {
                    throw new InvalidDataException($"a BYTE_STREAM_SPLIT page holds {values.Length} bytes for {present} values");
                }

                var target = physical switch
                {
                    PhysicalType.Int32 => MemoryMarshal.AsBytes(_ints.AsSpan(0, present)),
                    PhysicalType.Int64 => MemoryMarshal.AsBytes(_longs.AsSpan(0, present)),
                    PhysicalType.Float => MemoryMarshal.AsBytes(_floats.AsSpan(0, present)),
                    _ => MemoryMarshal.AsBytes(_doubles.AsSpan(0, present)),
                };
                for (var b = 0; b < streamWidth; b++)
                {
                    for (var i = 0; i < present; i++)
                    {
                        target[(i * streamWidth) + b] = values[(b * present) + i];
                    }
                }

                break;
            default:
                throw new InvalidDataException($"encoding {encoding} is not supported for {physical} values");
        }
    }

    private static int Width(PhysicalType physical) => physical is PhysicalType.Int32 or PhysicalType.Float ? 4 : 8;

    private void DecodeIndices(int present, ReadOnlySpan<byte> values)
    {
        if (!_hasDictionary)
        {
            throw new InvalidDataException("a dictionary-encoded page has no dictionary page before it");
        }

        if (present == 0)
        {
            return;
        }

        if (values.Length < 1)
        {
            throw new InvalidDataException("a dictionary-encoded page ends before its bit width");
        }

        var indices = _indices.AsSpan(0, present);
        RleHybridDecoder.Decode(values[1..], values[0], indices);
        foreach (var index in indices)
        {
            if ((uint)index >= (uint)_dictionaryCount)
            {
                throw new InvalidDataException($"dictionary index {index} is past the dictionary's {_dictionaryCount} entries");
            }
        }
    }

    private void EnsureScratch(int present)
    {
        if (_indices.Length >= present)
        {
            return;
        }

        var size = Math.Max(present, _indices.Length * 2);
        _indices = new int[size];
        _longs = new long[size];
        _ints = new int[size];
        _floats = new float[size];
        _doubles = new double[size];
        _bools = new bool[size];
    }

    private void AssembleFlat(int n, int present)
    {
        if (_rows + (long)n > _rowLimit)
        {
            throw new InvalidDataException($"the column chunk holds more rows than the row group's {_rowLimit}");
        }

        GrowRows(_rows + n);
        var allPresent = present == n;
        var definitions = _definitions;
        var maxDefinition = _leaf.MaxDefinition;
        switch (_leaf.Physical)
        {
            case PhysicalType.Int32: Scatter(_ints, _data.Ints); break;
            case PhysicalType.Int64: Scatter(_longs, _data.Longs); break;
            case PhysicalType.Float: Scatter(_floats, _data.Floats); break;
            case PhysicalType.Double: Scatter(_doubles, _data.Doubles); break;
            default: Scatter(_bools, _data.Bools); break;
        }

        if (!allPresent)
        {
            for (var i = 0; i < n; i++)
            {
                if (definitions[i] != maxDefinition)
                {
                    MarkNull(_rows + i);
                }
            }
        }

        _rows += n;

        void Scatter<T>(T[] source, T[] target)
        {
            if (allPresent)
            {
                source.AsSpan(0, n).CopyTo(target.AsSpan(_rows));
                return;
            }

            var k = 0;
            for (var i = 0; i < n; i++)
            {
                target[_rows + i] = definitions[i] == maxDefinition ? source[k++] : default!;
            }
        }
    }

    private void AssembleList(int n, int present)
    {
        var elementsNeeded = _data.ElementCount + present;
        if (_leaf.Physical == PhysicalType.Int32)
        {
            if (_data.Ints.Length < elementsNeeded)
            {
                _data.Ints = Resized(_data.Ints, Math.Max(elementsNeeded, _data.Ints.Length * 2));
            }
        }
        else if (_data.Longs.Length < elementsNeeded)
        {
            _data.Longs = Resized(_data.Longs, Math.Max(elementsNeeded, _data.Longs.Length * 2));
        }

        var k = 0;
        var maxDefinition = _leaf.MaxDefinition;
        for (var i = 0; i < n; i++)
        {
            var definition = _definitions[i];
            if (_repetitions[i] == 0)
            {
                if (_rows + 1L > _rowLimit)
                {
                    throw new InvalidDataException($"the column chunk holds more rows than the row group's {_rowLimit}");
                }

                GrowRows(_rows + 1);
                _data.ListStarts[_rows] = _data.ElementCount;
                if (definition < _leaf.ListDefinition)
                {
                    MarkNull(_rows);
                }

                _rows++;
            }
            else if (_rows == 0)
            {
                throw new InvalidDataException("a list element continues a row that never started");
            }
            else if (definition <= _leaf.ListDefinition)
            {
                throw new InvalidDataException("a repeated entry marks a null or empty list");
            }

            if (definition == maxDefinition)
            {
                if (_leaf.Physical == PhysicalType.Int32)
                {
                    _data.Ints[_data.ElementCount++] = _ints[k++];
                }
                else
                {
                    _data.Longs[_data.ElementCount++] = _longs[k++];
                }
            }
            else if (definition > _leaf.ListDefinition)
            {
                throw new InvalidDataException($"list column '{_leaf.Column.Name}' holds a null element, which Sluice's list types do not represent");
            }
        }

        GrowRows(_rows);
        _data.ListStarts[_rows] = _data.ElementCount;
    }

    private void AssembleByteArrays(int n, int present, PageEncoding encoding, ReadOnlySpan<byte> values)
    {
        if (_rows + (long)n > _rowLimit)
        {
            throw new InvalidDataException($"the column chunk holds more rows than the row group's {_rowLimit}");
        }

        GrowRows(_rows + n);
        var fromBlock = false;
        switch (encoding)
        {
            case PageEncoding.Plain:
                break;
            case PageEncoding.RleDictionary or PageEncoding.PlainDictionary:
                EnsureScratch(present);
                DecodeIndices(present, values);
                break;
            case PageEncoding.DeltaLengthByteArray:
                DecodeDeltaLength(present, values);
                fromBlock = true;
                break;
            case PageEncoding.DeltaByteArray:
                DecodeDeltaByteArray(present, values);
                fromBlock = true;
                break;
            default:
                throw new InvalidDataException($"encoding {encoding} is not supported for BYTE_ARRAY values");
        }

        var maxDefinition = _leaf.MaxDefinition;
        var cursor = 0;
        var k = 0;
        var offsets = _data.Offsets;
        for (var i = 0; i < n; i++)
        {
            var row = _rows + i;
            if (maxDefinition > 0 && _definitions[i] != maxDefinition)
            {
                MarkNull(row);
                offsets[row + 1] = _byteLength;
                continue;
            }

            ReadOnlySpan<byte> value;
            switch (encoding)
            {
                case PageEncoding.Plain:
                    if (values.Length - cursor < 4)
                    {
                        throw new InvalidDataException("a PLAIN BYTE_ARRAY page ends before a value's length");
                    }

                    var length = BinaryPrimitives.ReadInt32LittleEndian(values[cursor..]);
                    if (length < 0 || length > values.Length - cursor - 4)
                    {
                        throw new InvalidDataException($"a BYTE_ARRAY value claims {length} bytes but the page has {values.Length - cursor - 4} left");
                    }

                    value = values.Slice(cursor + 4, length);
                    cursor += 4 + length;
                    break;
                default:
                    if (fromBlock)
                    {
                        value = _blockBytes.AsSpan(_blockOffsets[k], _blockOffsets[k + 1] - _blockOffsets[k]);
                    }
                    else
                    {
                        var index = _indices[k];
                        value = _dictionaryBytes.AsSpan(_dictionaryOffsets[index], _dictionaryOffsets[index + 1] - _dictionaryOffsets[index]);
                    }

                    k++;
                    break;
            }

            if (_data.Bytes.Length - _byteLength < value.Length)
            {
                var needed = (long)_byteLength + value.Length;
                if (needed > Array.MaxLength)
                {
                    throw new InvalidDataException($"column '{_leaf.Column.Name}' holds more than {Array.MaxLength} bytes in one row group");
                }

                _data.Bytes = Resized(_data.Bytes, (int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_data.Bytes.Length * 2)));
            }

            value.CopyTo(_data.Bytes.AsSpan(_byteLength));
            _byteLength += value.Length;
            offsets[row + 1] = _byteLength;
        }

        _rows += n;
    }

    private void DecodeDeltaLength(int present, ReadOnlySpan<byte> values)
    {
        EnsureScratch(present);
        var used = DeltaBinaryPackedDecoder.Decode(values, _longs.AsSpan(0, present));
        FillBlock(present, values[used..], prefixes: null);
    }

    private void DecodeDeltaByteArray(int present, ReadOnlySpan<byte> values)
    {
        EnsureScratch(present);
        var used = DeltaBinaryPackedDecoder.Decode(values, _longs.AsSpan(0, present));
        var prefixes = new long[present];
        _longs.AsSpan(0, present).CopyTo(prefixes);
        var rest = values[used..];
        var suffixLengths = DeltaBinaryPackedDecoder.Decode(rest, _longs.AsSpan(0, present));
        FillBlock(present, rest[suffixLengths..], prefixes);
    }

    /// <summary>Builds the page's values into a block: lengths in <c>_longs</c>, bytes following; with prefixes, each value extends the previous one.</summary>
    private void FillBlock(int present, ReadOnlySpan<byte> data, long[]? prefixes)
    {
        if (_blockOffsets.Length < present + 1)
        {
            _blockOffsets = new int[Math.Max(present + 1, _blockOffsets.Length * 2)];
        }

        var cursor = 0;
        var total = 0;
        _blockOffsets[0] = 0;
        for (var i = 0; i < present; i++)
        {
            var suffix = _longs[i];
            var prefix = prefixes?[i] ?? 0;
            var previousLength = i == 0 ? 0 : _blockOffsets[i] - _blockOffsets[i - 1];
            if (suffix < 0 || suffix > data.Length - cursor || prefix < 0 || prefix > previousLength)
            {
                throw new InvalidDataException($"a DELTA byte-array value (prefix {prefix}, suffix {suffix}) does not fit the page");
            }

            var length = (int)(prefix + suffix);
            if (_blockBytes.Length - total < length)
            {
                _blockBytes = Resized(_blockBytes, (int)Math.Min(Array.MaxLength, Math.Max((long)total + length, (long)_blockBytes.Length * 2)));
            }

            if (prefix > 0)
            {
                _blockBytes.AsSpan(_blockOffsets[i - 1], (int)prefix).CopyTo(_blockBytes.AsSpan(total));
            }

            data.Slice(cursor, (int)suffix).CopyTo(_blockBytes.AsSpan(total + (int)prefix));
            cursor += (int)suffix;
            total += length;
            _blockOffsets[i + 1] = total;
        }
    }

    private void ReadDictionary(PageHeader header, ReadOnlySpan<byte> page)
    {
        var count = header.NumValues;
        var physical = _leaf.Physical;
        var minimumBits = physical == PhysicalType.Boolean ? 1L : physical == PhysicalType.ByteArray ? 32L : Width(physical) * 8L;
        if (count < 0 || count * minimumBits > page.Length * 8L)
        {
            throw new InvalidDataException($"a dictionary page declares {count} entries but holds {page.Length} bytes");
        }

        if (header.Encoding is not (PageEncoding.Plain or PageEncoding.PlainDictionary))
        {
            throw new InvalidDataException($"a dictionary page uses encoding {header.Encoding}; only PLAIN is defined");
        }

        _dictionaryCount = count;
        _hasDictionary = true;
        switch (physical)
        {
            case PhysicalType.ByteArray:
                _dictionaryOffsets = new int[count + 1];
                _dictionaryBytes = new byte[page.Length];
                var cursor = 0;
                var total = 0;
                for (var i = 0; i < count; i++)
                {
                    if (page.Length - cursor < 4)
                    {
                        throw new InvalidDataException("a dictionary page ends before an entry's length");
                    }

                    var length = BinaryPrimitives.ReadInt32LittleEndian(page[cursor..]);
                    if (length < 0 || length > page.Length - cursor - 4)
                    {
                        throw new InvalidDataException($"a dictionary entry claims {length} bytes but the page has {page.Length - cursor - 4} left");
                    }

                    page.Slice(cursor + 4, length).CopyTo(_dictionaryBytes.AsSpan(total));
                    cursor += 4 + length;
                    total += length;
                    _dictionaryOffsets[i + 1] = total;
                }

                break;
            case PhysicalType.Int32:
                _dictionaryInts = MemoryMarshal.Cast<byte, int>(page[..(count * 4)]).ToArray();
                break;
            case PhysicalType.Int64:
                _dictionaryLongs = MemoryMarshal.Cast<byte, long>(page[..(count * 8)]).ToArray();
                break;
            case PhysicalType.Float:
                _dictionaryFloats = MemoryMarshal.Cast<byte, float>(page[..(count * 4)]).ToArray();
                break;
            case PhysicalType.Double:
                _dictionaryDoubles = MemoryMarshal.Cast<byte, double>(page[..(count * 8)]).ToArray();
                break;
            default:
                _dictionaryBools = new bool[count];
                for (var i = 0; i < count; i++)
                {
                    _dictionaryBools[i] = (page[i >> 3] & (1 << (i & 7))) != 0;
                }

                break;
        }
    }

    private void MarkNull(int row)
    {
        if (_data.Present is null)
        {
            _data.Present = new bool[_capacity + 1];
            _data.Present.AsSpan(0, row).Fill(true);
            _data.Present.AsSpan(row + 1).Fill(true);
        }

        _data.Present[row] = false;
        _data.NullCount++;
    }

    /// <summary>Makes room for <paramref name="rows"/> rows in every per-row array of the column.</summary>
    private void GrowRows(int rows)
    {
        if (rows <= _capacity)
        {
            return;
        }

        var size = Math.Max(rows, Math.Max(16, _capacity * 2));
        _capacity = size;
        var column = _leaf.Column;
        if (column.Type is ParquetColumnType.String or ParquetColumnType.Binary)
        {
            _data.Offsets = Resized(_data.Offsets, size + 1);
        }
        else if (column.IsList)
        {
            _data.ListStarts = Resized(_data.ListStarts, size + 1);
        }
        else
        {
            switch (_leaf.Physical)
            {
                case PhysicalType.Int32: _data.Ints = Resized(_data.Ints, size); break;
                case PhysicalType.Int64: _data.Longs = Resized(_data.Longs, size); break;
                case PhysicalType.Float: _data.Floats = Resized(_data.Floats, size); break;
                case PhysicalType.Double: _data.Doubles = Resized(_data.Doubles, size); break;
                case PhysicalType.Boolean: _data.Bools = Resized(_data.Bools, size); break;
            }
        }

        if (_data.Present is { } present)
        {
            var old = present.Length;
            Array.Resize(ref present, size + 1);
            present.AsSpan(old).Fill(true);
            _data.Present = present;
        }
    }

    private static T[] Resized<T>(T[] array, int size)
    {
        Array.Resize(ref array, size);
        return array;
    }
}
