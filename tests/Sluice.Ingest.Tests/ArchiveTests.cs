using System.Text.Json;
using Sluice.Documents;
using Sluice.Testing;
using static Sluice.Ingest.Tests.Archives;

namespace Sluice.Ingest.Tests;

public sealed class ArchiveTests
{
    private static readonly (string Name, string Text)[] Brown = BrownCorpus.Documents().Take(6).ToArray();

    private static string Entry(Document document) => JsonDocument.Parse(document.Metadata).RootElement.GetProperty("archive_entry").GetString()!;

    [Fact]
    public void A_gzipped_text_file_is_read_as_its_inner_format()
    {
        var (_, sink) = Ingesting.Run(Gzip(Utf8(Brown[0].Text)), "drop/ca01.txt.gz");
        var document = Assert.Single(sink.Documents());
        Assert.Equal(Brown[0].Text.Trim(), document.Text);
        Assert.Equal("txt", JsonDocument.Parse(document.Metadata).RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public void Zip_tar_and_tar_gz_entries_become_documents_named_by_their_entry()
    {
        var entries = Brown.Select(b => (b.Name + ".txt", Utf8(b.Text))).ToArray();
        foreach (var (bytes, key) in new[] { (Zip(entries), "brown.zip"), (Tar(entries), "brown.tar"), (Gzip(Tar(entries)), "brown.tar.gz"), (Gzip(Tar(entries)), "brown.tgz") })
        {
            var (result, sink) = Ingesting.Run(bytes, key);
            var documents = sink.Documents();
            Assert.Equal(Brown.Select(b => b.Text.Trim()), documents.Select(d => d.Text));
            Assert.Equal(Brown.Select(b => b.Name + ".txt"), documents.Select(Entry));
            Assert.Equal(Brown.Length, result.DocumentCount);
            Assert.Empty(result.RejectedByReason);
        }
    }

    [Fact]
    public void Archives_nest_and_mix_formats_and_bad_entries_are_quarantined_while_good_ones_are_kept()
    {
        var jsonl = Utf8(string.Join("\n", Brown.Take(3).Select(b => JsonSerializer.Serialize(new { text = b.Text }))));
        var inner = Zip(("inner/a.jsonl", jsonl), ("inner/b.csv", Utf8("text\n\"" + Brown[3].Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"\n")));
        var outer = Gzip(Tar(("docs/inner.zip", inner), ("docs/page.html", Utf8($"<p>{Brown[4].Text}</p>")), ("docs/image.txt", [0x89, 0x50, 0x4E, 0x47, 0, 0]), ("docs/notes.pdf", Utf8("%PDF-1.4"))));
        var (result, sink) = Ingesting.Run(outer, "mixed.tar.gz");

        var documents = sink.Documents();
        Assert.Equal(5, documents.Count);
        Assert.Equal("docs/inner.zip!inner/a.jsonl", Entry(documents[0]));
        Assert.Equal(2, JsonDocument.Parse(documents[1].Metadata).RootElement.GetProperty("line").GetInt64());
        Assert.Equal("docs/inner.zip!inner/b.csv", Entry(documents[3]));
        Assert.Equal("docs/page.html", Entry(documents[4]));
        Assert.Equal(1, result.RejectedByReason[RejectionReasons.BinaryFile]);
        Assert.Equal(1, result.RejectedByReason[RejectionReasons.UnsupportedFormat]);
        Assert.Equal(["docs/image.txt", "docs/notes.pdf"], sink.Rejected().Select(r => r.Locator).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_truncated_gzip_is_quarantined_and_nothing_of_its_cut_text_is_kept()
    {
        var gzip = Gzip(Utf8(string.Join("\n\n", Brown.Select(b => b.Text))));
        var (result, sink) = Ingesting.Run(gzip[..(gzip.Length / 2)], "cut.txt.gz");
        Assert.Empty(sink.Documents());
        var rejected = Assert.Single(sink.Rejected());
        Assert.Equal(RejectionReasons.TruncatedArchive, rejected.Reason);
        Assert.Contains("truncated", rejected.Detail, StringComparison.Ordinal);
        Assert.True(result.ObjectRejected);
    }

    [Fact]
    public void A_truncated_jsonl_gzip_keeps_the_lines_before_the_cut()
    {
        var lines = string.Join("\n", Fortunes.Read("en").Take(3000).Select(f => JsonSerializer.Serialize(new { text = f })));
        var gzip = Gzip(Utf8(lines));
        var (result, sink) = Ingesting.Run(gzip[..(gzip.Length * 3 / 4)], "cut.jsonl.gz");
        Assert.True(sink.Documents().Count is >= 1000 and < 3000, string.Join("; ", sink.Rejected().Select(r => r.Reason + ": " + r.Detail)));
        Assert.Equal(1, result.RejectedByReason[RejectionReasons.TruncatedArchive]);
        Assert.False(result.ObjectRejected);
    }

    [Fact]
    public void A_truncated_tar_keeps_its_complete_entries_and_quarantines_the_rest()
    {
        var entries = Brown.Select(b => (b.Name + ".txt", Utf8(b.Text))).ToArray();
        var tar = Tar(entries);
        var firstTwo = Tar(entries[..2]).Length - 1024;
        var (result, sink) = Ingesting.Run(tar[..(firstTwo + 700)], "cut.tar");
        Assert.Equal(Brown.Take(2).Select(b => b.Text.Trim()), sink.Documents().Select(d => d.Text));
        var rejected = Assert.Single(sink.Rejected());
        Assert.Equal(RejectionReasons.TruncatedArchive, rejected.Reason);
        Assert.Contains(Brown[1].Name + ".txt", rejected.Detail, StringComparison.Ordinal);
        Assert.Equal(2, result.DocumentCount);
    }

    [Fact]
    public void A_truncated_zip_is_quarantined()
    {
        var zip = Zip(Brown.Select(b => (b.Name + ".txt", Utf8(b.Text))).ToArray());
        var (result, sink) = Ingesting.Run(zip[..(zip.Length - 30)], "cut.zip");
        Assert.Equal(RejectionReasons.TruncatedArchive, Assert.Single(sink.Rejected()).Reason);
        Assert.True(result.ObjectRejected);
    }

    [Fact]
    public void A_gzip_bomb_is_stopped_by_the_expansion_ratio_while_expanding()
    {
        var letters = new byte[64 * 1024 * 1024];
        Array.Fill(letters, (byte)'a');
        var bomb = Gzip(letters);
        Assert.True(bomb.Length < 100_000);
        var (result, sink) = Ingesting.Run(bomb, "zeros.txt.gz");
        var rejected = Assert.Single(sink.Rejected());
        Assert.Equal(RejectionReasons.ArchiveBomb, rejected.Reason);
        Assert.Contains("MaxExpansionRatio", rejected.Detail, StringComparison.Ordinal);
        Assert.True(result.ObjectRejected);
    }

    [Fact]
    public void A_zip_bomb_entry_is_quarantined_and_the_other_entries_are_kept()
    {
        var zip = Zip(("good.txt", Utf8(Brown[0].Text)), ("bomb.txt", new byte[32 * 1024 * 1024]), ("also-good.txt", Utf8(Brown[1].Text)));
        var (result, sink) = Ingesting.Run(zip, "bomb.zip");
        Assert.Equal(2, sink.Documents().Count);
        var rejected = Assert.Single(sink.Rejected());
        Assert.Equal(RejectionReasons.ArchiveBomb, rejected.Reason);
        Assert.Equal("bomb.txt", rejected.Locator);
        Assert.Equal(1, result.RejectedByReason[RejectionReasons.ArchiveBomb]);
    }

    [Fact]
    public void The_total_expanded_size_the_entry_count_and_the_nesting_depth_are_limited()
    {
        var entries = Brown.Select(b => (b.Name + ".txt", Utf8(b.Text))).ToArray();
        var tooBig = Ingesting.Run(Gzip(Tar(entries)), "a.tar.gz", new IngestOptions { MaxExpandedBytes = 20_000 });
        Assert.Equal(RejectionReasons.SizeLimit, Assert.Single(tooBig.Sink.Rejected()).Reason);

        var tooMany = Ingesting.Run(Zip(entries), "a.zip", new IngestOptions { MaxArchiveEntries = 3 });
        Assert.Equal(3, tooMany.Sink.Documents().Count);
        Assert.Equal(RejectionReasons.TooManyEntries, Assert.Single(tooMany.Sink.Rejected()).Reason);

        var nested = Zip(("level1.zip", Zip(("level2.tar.gz", Gzip(Tar(("deep.txt", Utf8(Brown[0].Text))))))));
        Assert.Single(Ingesting.Run(nested, "n.zip").Sink.Documents());
        var tooDeep = Ingesting.Run(nested, "n.zip", new IngestOptions { MaxArchiveDepth = 2 });
        var rejected = Assert.Single(tooDeep.Sink.Rejected());
        Assert.Equal(RejectionReasons.NestingTooDeep, rejected.Reason);
        Assert.Equal("level1.zip!level2.tar.gz", rejected.Locator);
    }

    [Fact]
    public void An_object_over_the_size_limit_is_quarantined_with_its_hash()
    {
        var (result, sink) = Ingesting.Run(Utf8(Brown[0].Text), "big.txt", new IngestOptions { MaxObjectBytes = 1000 });
        var rejected = Assert.Single(sink.Rejected());
        Assert.Equal(RejectionReasons.SizeLimit, rejected.Reason);
        Assert.Equal(result.Source.SourceHash, rejected.ContentHash);
        Assert.Equal(Utf8(Brown[0].Text).Length, result.Source.ByteCount);
    }

    [Fact]
    public void Archives_without_files_are_quarantined_as_empty()
    {
        Assert.Equal(RejectionReasons.EmptyFile, Assert.Single(Ingesting.Run(Zip(), "none.zip").Sink.Rejected()).Reason);
        Assert.Equal(RejectionReasons.EmptyFile, Assert.Single(Ingesting.Run([], "zero-bytes.tar.gz").Sink.Rejected()).Reason);
        var endOfArchiveOnly = new byte[1024];
        var (result, sink) = Ingesting.Run(Gzip(endOfArchiveOnly), "none.tar.gz");
        var rejected = Assert.Single(sink.Rejected());
        Assert.Equal(RejectionReasons.EmptyFile, rejected.Reason);
        Assert.Contains("holds no files", rejected.Detail, StringComparison.Ordinal);
        Assert.True(result.ObjectRejected);
    }
}
