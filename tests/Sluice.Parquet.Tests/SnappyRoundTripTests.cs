using Sluice.Parquet.Compression;

namespace Sluice.Parquet.Tests;

/// <summary>
/// Snappy round trips over lengths at the compressor's edges (the 15-byte input margin, the 16-byte literal
/// fast path, the 64 KiB block) and over contents that drive each kind of element: incompressible bytes (long
/// literals), all zeros (long copies at offset 1), short periods (overlapping copies), text-like phrases (short
/// copies with one- and two-byte offsets) and a mix of all of them.
/// </summary>
public class SnappyRoundTripTests
{
    private static readonly int[] Lengths = [0, 1, 15, 16, 17, 65535, 65536, 65537, (3 * 65536) + 7];

    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var kind in new[] { "random", "zeros", "period3", "period13", "phrases", "mixed" })
        {
            foreach (var length in Lengths)
            {
                foreach (var seed in new[] { 1, 2 })
                {
                    data.Add(kind, length, seed);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compressed_data_decompresses_to_the_input(string kind, int length, int seed)
    {
        var input = Generate(kind, length, seed);

        // The hash table is reused between calls, as the page writer does: entries left by a different, longer
        // input must never turn into copies that point outside the current block.
        var table = new ushort[SnappyCodec.TableLength];
        var other = Generate("mixed", 200_000, seed + 100);
        SnappyCodec.Compress(other, new byte[SnappyCodec.MaxCompressedLength(other.Length)], table);

        var compressed = new byte[SnappyCodec.MaxCompressedLength(length)];
        var written = SnappyCodec.Compress(input, compressed, table);
        Assert.InRange(written, 1, compressed.Length);
        Assert.Equal(length, SnappyCodec.ReadUncompressedLength(compressed.AsSpan(0, written), out _));

        var output = new byte[length];
        SnappyCodec.Decompress(compressed.AsSpan(0, written), output);
        Assert.Equal(input, output);

        // Decompressing into a buffer one byte short must fail with the typed error, not write past it.
        if (length > 0)
        {
            Assert.Throws<InvalidDataException>(() => SnappyCodec.Decompress(compressed.AsSpan(0, written), new byte[length - 1]));
        }
    }

    [Theory]
    [InlineData(65536)]
    [InlineData(300_000)]
    public void Repetitive_input_compresses_and_incompressible_input_stays_within_the_worst_case(int length)
    {
        var zeros = new byte[length];
        var random = Generate("random", length, 9);
        var table = new ushort[SnappyCodec.TableLength];
        var zerosCompressed = SnappyCodec.Compress(zeros, new byte[SnappyCodec.MaxCompressedLength(length)], table);
        var randomCompressed = SnappyCodec.Compress(random, new byte[SnappyCodec.MaxCompressedLength(length)], table);

        // A copy element covers at most 64 bytes in three bytes, so all zeros shrink at least about twentyfold;
        // random bytes stay literals, costing only a few length bytes per 64 KiB block.
        Assert.True(zerosCompressed < length / 20, $"{length} zero bytes compressed to {zerosCompressed}");
        Assert.InRange(randomCompressed, length, length + (16 * ((length / 65536) + 1)));
    }

    private static byte[] Generate(string kind, int length, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        var phrases = new[] { "the quick brown fox ", "jumps over ", "the lazy dog", ", said the ", "parquet page ", "\n\n" }
            .Select(p => System.Text.Encoding.UTF8.GetBytes(p)).ToArray();
        var i = 0;
        switch (kind)
        {
            case "random":
                random.NextBytes(bytes);
                break;
            case "zeros":
                break;
            case "period3":
            case "period13":
                var period = kind == "period3" ? 3 : 13;
                var pattern = new byte[period];
                random.NextBytes(pattern);
                for (; i < length; i++)
                {
                    bytes[i] = pattern[i % period];
                }

                break;
            case "phrases":
                while (i < length)
                {
                    var phrase = phrases[random.Next(phrases.Length)];
                    for (var j = 0; j < phrase.Length && i < length; j++)
                    {
                        bytes[i++] = phrase[j];
                    }
                }

                break;
            default:
                // Runs of each kind of content, of random lengths from 1 to 5000 bytes.
                while (i < length)
                {
                    var run = Math.Min(length - i, 1 + random.Next(5000));
                    var part = Generate(new[] { "random", "zeros", "period3", "period13", "phrases" }[random.Next(5)], run, random.Next());
                    part.CopyTo(bytes, i);
                    i += run;
                }

                break;
        }

        return bytes;
    }
}
