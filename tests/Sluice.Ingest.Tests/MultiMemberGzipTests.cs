using System.IO.Compression;
using System.Text.Json;
using Sluice.Documents;
using Sluice.Testing;
using static Sluice.Ingest.Tests.Archives;
using static Sluice.Ingest.Tests.GzipMembers;

namespace Sluice.Ingest.Tests;

public sealed class MultiMemberGzipTests
{
    private static readonly string[] Lines = Fortunes.Read("en").Take(1500).Select(f => JsonSerializer.Serialize(new { text = f })).ToArray();
    private static readonly byte[] Jsonl = Utf8(string.Join("\n", Lines));

    private static readonly IReadOnlyList<Document> Reference = Ingesting.Run(Jsonl, "drop/reference.jsonl").Sink.Documents();

    private static void AssertEveryLine(IngestResult result, MemoryIngestSink sink)
    {
        Assert.Empty(sink.Rejected());
        Assert.False(result.ObjectRejected);
        var documents = sink.Documents();
        Assert.Equal(Lines.Length, Reference.Count);
        Assert.Equal(Reference.Select(d => d.Text), documents.Select(d => d.Text));
        Assert.Equal(Reference.Select(LineOf), documents.Select(LineOf));
    }

    private static long LineOf(Document document) => JsonDocument.Parse(document.Metadata).RootElement.GetProperty("line").GetInt64();

    private static RejectedRecord SingleRejection(IngestResult result, MemoryIngestSink sink)
    {
        var rejected = Assert.Single(sink.Rejected());
        Assert.Equal(RejectionReasons.TruncatedArchive, rejected.Reason);
        Assert.True(result.ObjectRejected || result.RejectedByReason[RejectionReasons.TruncatedArchive] == 1);
        return rejected;
    }

    [Fact]
    public void Two_gzipstream_members_cut_mid_line_ingest_every_line()
    {
        var parts = Split(Jsonl, 2);
        var (result, sink) = Ingesting.Run(Concat(Gzip(parts[0]), Gzip(parts[1], CompressionLevel.Fastest)), "drop/two.jsonl.gz");
        AssertEveryLine(result, sink);
    }

    [Fact]
    public void Three_members_written_by_the_system_gzip_ingest_every_line()
    {
        var parts = Split(Jsonl, 3);
        var file = Concat(SystemGzip(parts[0], 1), SystemGzip(parts[1], 9, "middle.jsonl"), SystemGzip(parts[2], 6));
        var (result, sink) = Ingesting.Run(file, "drop/three.jsonl.gz");
        AssertEveryLine(result, sink);
    }

    [Fact]
    public void Members_from_gzipstream_and_the_system_gzip_mix_and_every_header_field_is_understood()
    {
        var parts = Split(Jsonl, 3);
        var file = Concat(SystemGzip(parts[0], 9, "first.jsonl"), WithAllHeaderFields(parts[1]), Gzip(parts[2], CompressionLevel.NoCompression));
        var (result, sink) = Ingesting.Run(file, "drop/mixed.jsonl.gz");
        AssertEveryLine(result, sink);
    }

    [Fact]
    public void An_empty_member_in_the_middle_is_fine()
    {
        var parts = Split(Jsonl, 2);
        var (result, sink) = Ingesting.Run(Concat(Gzip(parts[0]), Empty(), SystemGzip([], 6), Gzip(parts[1])), "drop/gap.jsonl.gz");
        AssertEveryLine(result, sink);
    }

    [Fact]
    public void A_flipped_crc_in_any_member_quarantines_the_object_naming_the_member()
    {
        var parts = Split(Jsonl, 3);
        var members = new[] { SystemGzip(parts[0], 6), Gzip(parts[1]), SystemGzip(parts[2], 6) };
        for (var bad = 0; bad < 3; bad++)
        {
            var file = Concat(members.Select((m, i) => i == bad ? WithCrcFlipped(m) : m).ToArray());
            var (result, sink) = Ingesting.Run(file, "drop/crc.txt.gz");
            Assert.Empty(sink.Documents());
            var rejected = SingleRejection(result, sink);
            Assert.True(result.ObjectRejected);
            Assert.Contains($"member {bad + 1} ", rejected.Detail, StringComparison.Ordinal);
            Assert.Contains("CRC-32", rejected.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_wrong_size_in_a_members_trailer_is_quarantined()
    {
        var parts = Split(Jsonl, 2);
        var (result, sink) = Ingesting.Run(Concat(Gzip(parts[0]), WithSizeOffByOne(Gzip(parts[1]))), "drop/size.txt.gz");
        Assert.Empty(sink.Documents());
        var rejected = SingleRejection(result, sink);
        Assert.Contains("member 2 ", rejected.Detail, StringComparison.Ordinal);
        Assert.Contains("size", rejected.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_second_member_is_quarantined()
    {
        var parts = Split(Jsonl, 3);
        var second = SystemGzip(parts[1], 6);
        foreach (var cut in new[] { second.Length / 2, second.Length - 3, 5 })
        {
            var atTheEnd = Concat(Gzip(parts[0]), second[..cut]);
            var (result, sink) = Ingesting.Run(atTheEnd, "drop/cut.txt.gz");
            var rejected = SingleRejection(result, sink);
            Assert.True(result.ObjectRejected);
            Assert.Contains("member 2 ", rejected.Detail, StringComparison.Ordinal);
            Assert.Contains("truncated", rejected.Detail, StringComparison.Ordinal);
        }

        var inTheMiddle = Concat(Gzip(parts[0]), second[..(second.Length - 20)], Gzip(parts[2]));
        var middle = Ingesting.Run(inTheMiddle, "drop/cut.txt.gz");
        Assert.Contains("member 2 ", SingleRejection(middle.Result, middle.Sink).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_jsonl_member_keeps_the_lines_of_the_members_before_it()
    {
        var parts = Split(Utf8(string.Join("\n", Lines) + "\n"), 3);
        var second = Gzip(parts[1]);
        var (result, sink) = Ingesting.Run(Concat(Gzip(parts[0]), second[..(second.Length / 2)]), "drop/cut.jsonl.gz");
        Assert.Equal(1, result.RejectedByReason[RejectionReasons.TruncatedArchive]);
        Assert.InRange(sink.Documents().Count, Lines.Length / 4, (Lines.Length * 2 / 3) - 1);
    }

    [Fact]
    public void Zero_padding_after_the_last_member_is_accepted_and_other_trailing_bytes_are_quarantined()
    {
        var parts = Split(Jsonl, 2);
        var members = Concat(Gzip(parts[0]), Gzip(parts[1]));
        var (padded, paddedSink) = Ingesting.Run(Concat(members, new byte[512]), "drop/padded.jsonl.gz");
        AssertEveryLine(padded, paddedSink);

        foreach (var garbage in new[] { Utf8("trailing text"), Concat(new byte[100], [7]), [0x1F, 0x8B] })
        {
            var (result, sink) = Ingesting.Run(Concat(members, garbage), "drop/garbage.txt.gz");
            var rejected = SingleRejection(result, sink);
            Assert.True(result.ObjectRejected);
            Assert.Contains(garbage[0] == 0x1F ? "truncated" : "after its last gzip member", rejected.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_gz_that_is_not_gzip_is_quarantined()
    {
        var (result, sink) = Ingesting.Run(Utf8(string.Join("\n", Lines)), "drop/plain.jsonl.gz");
        var rejected = SingleRejection(result, sink);
        Assert.True(result.ObjectRejected);
        Assert.Contains("not gzip", rejected.Detail, StringComparison.Ordinal);

        var otherMethod = Gzip(Jsonl);
        otherMethod[2] = 7;
        var (methodResult, methodSink) = Ingesting.Run(otherMethod, "drop/m.txt.gz");
        Assert.Contains("compression method 7", SingleRejection(methodResult, methodSink).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_member_tar_gz_reads_every_entry()
    {
        var brown = BrownCorpus.Documents().Take(5).ToArray();
        var tar = Tar(brown.Select(b => (b.Name + ".txt", Utf8(b.Text))).ToArray());
        var parts = Split(tar, 3);
        var (result, sink) = Ingesting.Run(Concat(SystemGzip(parts[0], 6), Gzip(parts[1]), SystemGzip(parts[2], 1)), "drop/brown.tar.gz");
        Assert.Empty(sink.Rejected());
        Assert.Equal(brown.Select(b => b.Text.Trim()), sink.Documents().Select(d => d.Text));
        Assert.Equal(brown.Length, result.DocumentCount);
    }

    [Fact]
    public void A_multi_member_gz_inside_a_zip_is_checked_per_member_too()
    {
        var parts = Split(Jsonl, 2);
        var good = Concat(Gzip(parts[0]), SystemGzip(parts[1], 9));
        var bad = Concat(Gzip(parts[0]), WithCrcFlipped(SystemGzip(parts[1], 9)));
        var (result, sink) = Ingesting.Run(Zip(("good.jsonl.gz", good), ("bad.jsonl.gz", bad)), "drop/both.zip");
        var rejected = Assert.Single(sink.Rejected());
        Assert.Equal("bad.jsonl.gz", rejected.Locator);
        Assert.Contains("member 2 ", rejected.Detail, StringComparison.Ordinal);
        Assert.True(sink.Documents().Count >= Lines.Length);
        Assert.False(result.ObjectRejected);
    }
}
