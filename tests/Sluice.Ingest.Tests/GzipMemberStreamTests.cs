using System.IO.Compression;
using Sluice.Ingest.Archives;
using Sluice.Ingest.Reading;
using Sluice.Testing;
using static Sluice.Ingest.Tests.Archives;
using static Sluice.Ingest.Tests.GzipMembers;

namespace Sluice.Ingest.Tests;

public sealed class GzipMemberStreamTests
{
    private static readonly byte[] Text = Utf8(string.Join("\n\n", BrownCorpus.Documents().Take(150).Select(d => d.Text)));

    private static byte[] Inflate(byte[] gzip, int bufferSize)
    {
        using var members = new GzipMemberStream(new MemoryStream(gzip), "gzip stream 'test.gz'");
        var output = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = members.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    public static TheoryData<string> Inputs() => ["text", "random", "runs", "mixed"];

    private static byte[] Input(string kind)
    {
        var random = new Random(1952);
        switch (kind)
        {
            case "text":
                return Text;
            case "random":
                var noise = new byte[300_000];
                random.NextBytes(noise);
                return noise;
            case "runs":
                // Long runs and short periods make matches that overlap their own output (distance < length).
                var runs = new MemoryStream();
                for (var i = 0; i < 2000; i++)
                {
                    var period = 1 + random.Next(6);
                    var pattern = new byte[period];
                    random.NextBytes(pattern);
                    for (var j = random.Next(50, 600); j > 0; j--)
                    {
                        runs.WriteByte(pattern[j % period]);
                    }
                }

                return runs.ToArray();
            default:
                var mixed = new MemoryStream();
                for (var i = 0; i < 40; i++)
                {
                    var noiseBlock = new byte[random.Next(1, 9000)];
                    random.NextBytes(noiseBlock);
                    mixed.Write(i % 2 == 0 ? noiseBlock : Text.AsSpan(random.Next(Text.Length / 2), random.Next(1, 40_000)));
                }

                return mixed.ToArray();
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Output_of_every_compressor_and_level_inflates_to_the_original_bytes(string kind)
    {
        var data = Input(kind);
        var members = new List<byte[]>
        {
            Gzip(data, CompressionLevel.NoCompression),
            Gzip(data, CompressionLevel.Fastest),
            Gzip(data, CompressionLevel.Optimal),
            Gzip(data, CompressionLevel.SmallestSize),
            SystemGzip(data, 1),
            SystemGzip(data, 9),
        };
        foreach (var member in members)
        {
            Assert.Equal(data, Inflate(member, 65_536));
        }

        Assert.Equal(Concat(data, data, data), Inflate(Concat(members[0], members[3], members[5]), 7));
    }

    [Fact]
    public void A_200_MB_multi_member_stream_is_read_in_bounded_memory()
    {
        var random = new Random(7);
        var stored = new byte[1024 * 1024];
        random.NextBytes(stored);
        var members = new[] { Gzip(stored, CompressionLevel.NoCompression), SystemGzip(Text, 6), Empty() };
        const int Rounds = 190;
        var source = new RepeatingStream(members, Rounds);
        var expectedBytes = (long)Rounds * (stored.Length + Text.Length);
        Assert.True(source.TotalLength > 200_000_000);

        var buffer = new byte[81_920];
        long total = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        using (var reader = new GzipMemberStream(source, "gzip stream 'big.gz'"))
        {
            int read;
            while ((read = reader.Read(buffer)) > 0)
            {
                total += read;
            }

            Assert.Equal(Rounds * members.Length, reader.MembersRead);
            Assert.Equal(source.TotalLength, reader.CompressedBytesRead);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(expectedBytes, total);
        Assert.True(allocated < 4 * 1024 * 1024, $"reading {source.TotalLength} compressed bytes allocated {allocated} bytes");
    }

    [Fact]
    public void Errors_name_the_member_and_its_offset()
    {
        var first = Gzip(Text);
        var file = Concat(first, WithCrcFlipped(SystemGzip(Text, 6)));
        var error = Assert.Throws<QuarantineException>(() => Inflate(file, 4096));
        Assert.Equal(RejectionReasons.TruncatedArchive, error.Reason);
        Assert.Contains($"gzip stream 'test.gz': member 2 (at offset {first.Length})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_member_hands_out_everything_decoded_before_the_cut_and_then_fails()
    {
        var member = SystemGzip(Text, 6);
        var cut = member[..(member.Length * 2 / 3)];
        var zlibPrefix = new MemoryStream();
        using (var zlib = new GZipStream(new MemoryStream(cut), CompressionMode.Decompress))
        {
            // GZipStream ends quietly at the cut with all it could decode: the yardstick for what we must hand out.
            zlib.CopyTo(zlibPrefix);
        }

        var received = new MemoryStream();
        using var members = new GzipMemberStream(new MemoryStream(cut), "gzip stream 'cut.gz'");
        var buffer = new byte[10_000];
        var error = Assert.Throws<QuarantineException>(() =>
        {
            int read;
            while ((read = members.Read(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        });
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.InRange(received.Length, zlibPrefix.Length - 258, Text.Length - 1);
        Assert.Equal(Text.AsSpan(0, (int)received.Length).ToArray(), received.ToArray());
    }

    [Fact]
    public void Damaged_bytes_anywhere_give_either_the_original_data_or_a_quarantine_never_another_error()
    {
        var sample = Text.AsSpan(0, 20_000).ToArray();
        var file = Concat(SystemGzip(sample, 9, "a.txt"), Gzip(sample, CompressionLevel.Fastest), Gzip(sample[..3000], CompressionLevel.NoCompression));
        var random = new Random(1951);
        for (var trial = 0; trial < 600; trial++)
        {
            var damaged = file.ToArray();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
            }

            try
            {
                var output = Inflate(damaged, 8192);

                // Only bytes gzip does not protect (MTIME, XFL, OS, the name without FHCRC) may change without an error.
                Assert.Equal(Concat(sample, sample, sample[..3000]), output);
            }
            catch (QuarantineException e)
            {
                Assert.Equal(RejectionReasons.TruncatedArchive, e.Reason);
            }
        }
    }

    [Fact]
    public void A_file_cut_at_any_byte_is_quarantined_unless_the_cut_falls_between_members()
    {
        var sample = Text.AsSpan(0, 4000).ToArray();
        var first = SystemGzip(sample, 6, "a.txt");
        var file = Concat(first, Gzip(sample, CompressionLevel.NoCompression));
        for (var cut = 1; cut < file.Length; cut++)
        {
            if (cut == first.Length)
            {
                Assert.Equal(sample, Inflate(file[..cut], 4096));
                continue;
            }

            var error = Assert.Throws<QuarantineException>(() => Inflate(file[..cut], 4096));
            Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        }
    }
}
