using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Sluice.Parquet.Compression;
using Sluice.Parquet.Encodings;
using Sluice.Parquet.Format;
using Sluice.Parquet.Thrift;

namespace Sluice.Parquet.Columns;

/// <summary>
/// Turns one buffered column into a column chunk: an optional dictionary page, then v1 data pages cut at row
/// boundaries near the page target size, each compressed, plus the chunk's statistics.
/// </summary>
internal sealed class ColumnChunkEncoder(ParquetWriterOptions options, CompressionCodec codec)
{
    private readonly ByteSink _page = new(1 << 16);
    private readonly ByteSink _compressed = new(1 << 16);
    private readonly ByteSink _header = new(256);
    private readonly PageCompressor _compressor = new();
    private readonly ByteArrayDictionary _dictionary = new();
    private int[] _indices = [];

    public ColumnChunkMetadata Encode(ColumnBuffer buffer, List<string> path, Stream output, ref long position)
    {
        var chunk = new ColumnChunkMetadata
        {
            Type = buffer.Physical,
            PathInSchema = path,
            Codec = codec,
            NumValues = buffer.MaxDefinition > 0 ? buffer.LevelCount : buffer.ValueCount,
        };
        var start = position;
        long uncompressed = 0;
        var dictionaryBitWidth = -1;
        if (buffer.Physical == PhysicalType.ByteArray && options.DictionaryEncoding && buffer.ValueCount > 0)
        {
            if (_indices.Length < buffer.ValueCount)
            {
                _indices = new int[Math.Max(buffer.ValueCount, _indices.Length * 2)];
            }

            if (_dictionary.TryBuild(buffer, options.DictionaryLimitBytes, _indices))
            {
                dictionaryBitWidth = Math.Max(1, RleHybridEncoder.BitWidth(_dictionary.Count - 1));
                chunk.DictionaryPageOffset = position;
                _page.Clear();
                var entries = _dictionary.Entries;
                for (var e = 0; e < _dictionary.Count; e++)
                {
                    WritePlainByteArray(buffer, entries[e]);
                }

                uncompressed += WritePage(output, ref position, PageType.DictionaryPage, _dictionary.Count, PageEncoding.Plain);
            }
        }

        chunk.DataPageOffset = position;
        var encoding = dictionaryBitWidth >= 0 ? PageEncoding.RleDictionary : PageEncoding.Plain;
        chunk.Encodings = dictionaryBitWidth >= 0 ? [PageEncoding.Plain, PageEncoding.Rle, PageEncoding.RleDictionary] : [PageEncoding.Plain, PageEncoding.Rle];
        var entriesTotal = (int)chunk.NumValues;
        var hasLevels = buffer.MaxDefinition > 0;
        var entry = 0;
        var valueIndex = 0;
        do
        {
            var firstEntry = entry;
            var firstValue = valueIndex;
            long pageBytes = 0;
            while (entry < entriesTotal)
            {
                var present = !hasLevels || buffer.Definitions[entry] == buffer.MaxDefinition;
                if (present)
                {
                    pageBytes += dictionaryBitWidth >= 0 ? 1 : ValueSize(buffer, valueIndex);
                    valueIndex++;
                }

                entry++;
                if (pageBytes >= options.PageTargetBytes && (buffer.MaxRepetition == 0 || entry == entriesTotal || buffer.Repetitions[entry] == 0))
                {
                    break;
                }
            }

            _page.Clear();
            if (buffer.MaxRepetition > 0)
            {
                WriteLevels(buffer.Repetitions.AsSpan(firstEntry, entry - firstEntry), buffer.MaxRepetition);
            }

            if (hasLevels)
            {
                WriteLevels(buffer.Definitions.AsSpan(firstEntry, entry - firstEntry), buffer.MaxDefinition);
            }

            if (dictionaryBitWidth >= 0)
            {
                _page.WriteByte((byte)dictionaryBitWidth);
                RleHybridEncoder.Encode<int>(_indices.AsSpan(firstValue, valueIndex - firstValue), dictionaryBitWidth, _page);
            }
            else
            {
                WritePlainValues(buffer, firstValue, valueIndex);
            }

            uncompressed += WritePage(output, ref position, PageType.DataPage, entry - firstEntry, encoding);
        }
        while (entry < entriesTotal);

        chunk.TotalCompressedSize = position - start;
        chunk.TotalUncompressedSize = uncompressed;
        if (options.WriteStatistics)
        {
            chunk.Statistics = ChunkStatistics.Compute(buffer, dictionaryBitWidth >= 0 ? _dictionary : null, options.MaxStatisticsValueBytes);
        }

        return chunk;
    }

    private static int ValueSize(ColumnBuffer buffer, int valueIndex) => buffer.Physical switch
    {
        PhysicalType.ByteArray => 4 + buffer.Offsets[valueIndex + 1] - buffer.Offsets[valueIndex],
        PhysicalType.Int32 or PhysicalType.Float => 4,
        PhysicalType.Boolean => 1,
        _ => 8,
    };

    private void WriteLevels(ReadOnlySpan<byte> levels, int maxLevel)
    {
        var lengthAt = _page.Length;
        _page.WriteInt32LittleEndian(0);
        RleHybridEncoder.Encode(levels, RleHybridEncoder.BitWidth(maxLevel), _page);
        _page.PatchInt32LittleEndian(lengthAt, _page.Length - lengthAt - 4);
    }

    private void WritePlainByteArray(ColumnBuffer buffer, int valueIndex)
    {
        var from = buffer.Offsets[valueIndex];
        var length = buffer.Offsets[valueIndex + 1] - from;
        var span = _page.GetSpan(4 + length);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        buffer.Bytes.AsSpan(from, length).CopyTo(span[4..]);
        _page.Advance(4 + length);
    }

    private void WritePlainValues(ColumnBuffer buffer, int from, int to)
    {
        var count = to - from;
        switch (buffer.Physical)
        {
            case PhysicalType.ByteArray:
                var offsets = buffer.Offsets;
                var total = offsets[to] - offsets[from] + (4 * count);
                var span = _page.GetSpan(total);
                var o = 0;
                var bytes = buffer.Bytes;
                for (var i = from; i < to; i++)
                {
                    var length = offsets[i + 1] - offsets[i];
                    BinaryPrimitives.WriteInt32LittleEndian(span[o..], length);
                    bytes.AsSpan(offsets[i], length).CopyTo(span[(o + 4)..]);
                    o += 4 + length;
                }

                _page.Advance(o);
                break;
            case PhysicalType.Int32:
                _page.Write(MemoryMarshal.AsBytes(buffer.Ints.AsSpan(from, count)));
                break;
            case PhysicalType.Int64:
                _page.Write(MemoryMarshal.AsBytes(buffer.Longs.AsSpan(from, count)));
                break;
            case PhysicalType.Float:
                _page.Write(MemoryMarshal.AsBytes(buffer.Floats.AsSpan(from, count)));
                break;
            case PhysicalType.Double:
                _page.Write(MemoryMarshal.AsBytes(buffer.Doubles.AsSpan(from, count)));
                break;
            default:
                var packed = _page.GetSpan((count + 7) / 8);
                packed[..((count + 7) / 8)].Clear();
                var bools = buffer.Bools;
                for (var i = 0; i < count; i++)
                {
                    if (bools[from + i])
                    {
                        packed[i >> 3] |= (byte)(1 << (i & 7));
                    }
                }

                _page.Advance((count + 7) / 8);
                break;
        }
    }

    private long WritePage(Stream output, ref long position, PageType type, int numValues, PageEncoding encoding)
    {
        _compressed.Clear();
        _compressor.Compress(codec, _page.WrittenSpan, _compressed);
        var header = new PageHeader
        {
            Type = type,
            UncompressedPageSize = _page.Length,
            CompressedPageSize = _compressed.Length,
            NumValues = numValues,
            Encoding = encoding,
        };
        _header.Clear();
        var writer = new CompactWriter(_header);
        if (type == PageType.DictionaryPage)
        {
            header.WriteDictionaryPage(writer);
        }
        else
        {
            header.WriteDataPageV1(writer);
        }

        output.Write(_header.WrittenSpan);
        output.Write(_compressed.WrittenSpan);
        position += _header.Length + _compressed.Length;
        return _header.Length + _page.Length;
    }
}
