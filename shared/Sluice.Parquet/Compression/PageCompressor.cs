using System.IO.Compression;
using Sluice.Parquet.Encodings;
using Sluice.Parquet.Format;

namespace Sluice.Parquet.Compression;

/// <summary>Compresses and decompresses page bodies for the codecs Sluice supports.</summary>
internal sealed class PageCompressor
{
    private readonly ushort[] _snappyTable = new ushort[SnappyCodec.TableLength];

    /// <summary>Appends the compressed form of <paramref name="input"/> to <paramref name="output"/>.</summary>
    public void Compress(CompressionCodec codec, ReadOnlySpan<byte> input, ByteSink output)
    {
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                output.Write(input);
                break;
            case CompressionCodec.Snappy:
                var span = output.GetSpan(SnappyCodec.MaxCompressedLength(input.Length));
                output.Advance(SnappyCodec.Compress(input, span, _snappyTable));
                break;
            case CompressionCodec.Gzip:
                using (var gzip = new GZipStream(new SinkStream(output), CompressionLevel.Optimal, leaveOpen: false))
                {
                    gzip.Write(input);
                }

                break;
            default:
                throw new NotSupportedException($"Sluice does not write {codec} pages");
        }
    }

    /// <summary>Decompresses a page body into exactly <paramref name="output"/> bytes, or throws <see cref="InvalidDataException"/>.</summary>
    public static void Decompress(CompressionCodec codec, byte[] input, int offset, int count, Span<byte> output)
    {
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                if (count != output.Length)
                {
                    throw new InvalidDataException($"an uncompressed page stores {count} bytes but declares {output.Length}");
                }

                input.AsSpan(offset, count).CopyTo(output);
                break;
            case CompressionCodec.Snappy:
                SnappyCodec.Decompress(input.AsSpan(offset, count), output);
                break;
            case CompressionCodec.Gzip:
                using (var gzip = new GZipStream(new MemoryStream(input, offset, count, writable: false), CompressionMode.Decompress))
                {
                    var filled = 0;
                    while (filled < output.Length)
                    {
                        var read = gzip.Read(output[filled..]);
                        if (read == 0)
                        {
                            throw new InvalidDataException($"GZIP data ends after {filled} of the {output.Length} bytes the page declares");
                        }

                        filled += read;
                    }

                    Span<byte> probe = stackalloc byte[1];
                    if (gzip.Read(probe) != 0)
                    {
                        throw new InvalidDataException($"GZIP data holds more than the {output.Length} bytes the page declares");
                    }
                }

                break;
            default:
                throw new InvalidDataException($"compression codec {codec} is not supported by Sluice's reader (supported: UNCOMPRESSED, SNAPPY, GZIP)");
        }
    }

    /// <summary>The largest page a codec can inflate <paramref name="compressedSize"/> bytes to; bounds allocations made from page headers.</summary>
    public static long MaxExpansion(CompressionCodec codec, int compressedSize) => codec switch
    {
        CompressionCodec.Uncompressed => compressedSize,
        CompressionCodec.Snappy => ((long)compressedSize * 22) + 64,
        _ => ((long)compressedSize * 1100) + 4096,
    };
}
