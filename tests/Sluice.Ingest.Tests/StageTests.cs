using Sluice.Contracts;
using System.Text;
using System.Text.Json;
using Sluice.Documents;
using Sluice.Testing;

namespace Sluice.Ingest.Tests;

public sealed class StageTests
{
    private static byte[] BrownJsonl(int documents) => Encoding.UTF8.GetBytes(string.Join("\n",
        BrownCorpus.Documents().Take(documents).Select(d => JsonSerializer.Serialize(new { text = d.Text, name = d.Name }))));

    [Fact]
    public void The_same_input_and_options_give_the_same_keys_and_the_same_bytes()
    {
        var input = BrownJsonl(40).Concat(Encoding.UTF8.GetBytes("\nnot json\n")).ToArray();
        var options = new IngestOptions { Shards = { TargetShardBytes = 64 * 1024, RowGroupTargetBytes = 16 * 1024 } };
        var first = Ingesting.Run(input, "drop/brown.jsonl", options);
        var second = Ingesting.Run(input, "drop/brown.jsonl", new IngestOptions { Shards = { TargetShardBytes = 64 * 1024, RowGroupTargetBytes = 16 * 1024 } });
        Assert.True(first.Sink.Objects.Count >= 3);
        Assert.Equal(first.Sink.Objects.Keys, second.Sink.Objects.Keys);
        foreach (var (key, bytes) in first.Sink.Objects)
        {
            Assert.Equal(bytes, second.Sink.Objects[key]);
        }

        Assert.Equal(first.Result.DocumentShards, second.Result.DocumentShards);
    }

    [Fact]
    public void Output_keys_derive_from_the_source_hash_and_the_config_hash()
    {
        var input = BrownJsonl(3);
        var (result, sink) = Ingesting.Run(input, "a/b.jsonl");
        var shard = Assert.Single(result.DocumentShards);
        Assert.Equal(LakeKeys.Documents(LakeKeys.RawLayer, result.Source.SourceHash, result.Source.ConfigHash, 0), shard.Key);
        Assert.StartsWith($"docs/raw/{DocumentIdentity.Sha256(input)[..32]}-{result.Source.ConfigHash[..16]}-", shard.Key, StringComparison.Ordinal);
        Assert.Equal(DocumentIdentity.Sha256(sink.Objects[shard.Key]), shard.Sha256);
        Assert.Equal(sink.Objects[shard.Key].Length, shard.ByteCount);
        Assert.Equal(3, shard.RowCount);

        var other = Ingesting.Run(input, "a/b.jsonl", new IngestOptions { MaxSpaceRun = 2 });
        Assert.NotEqual(shard.Key, Assert.Single(other.Result.DocumentShards).Key);
    }

    [Fact]
    public void Shards_are_cut_near_the_target_size_and_every_document_appears_exactly_once()
    {
        var input = BrownJsonl(120);
        var options = new IngestOptions { Shards = { TargetShardBytes = 100 * 1024, RowGroupTargetBytes = 20 * 1024 } };
        var (result, sink) = Ingesting.Run(input, "brown.jsonl", options);
        Assert.True(result.DocumentShards.Count >= 3, $"only {result.DocumentShards.Count} shards");
        Assert.All(result.DocumentShards.SkipLast(1), s => Assert.InRange(s.ByteCount, 100 * 1024, 100 * 1024 + (60 * 1024)));
        var documents = sink.Documents();
        Assert.Equal(120, documents.Count);
        Assert.Equal(120, documents.Select(d => d.Id).Distinct().Count());
        Assert.Equal(BrownCorpus.Documents().Take(120).Select(d => d.Text.Trim()), documents.Select(d => d.Text));
        Assert.Equal(result.DocumentShards.Sum(s => s.RowCount), result.DocumentCount);
        Assert.Equal(documents.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text)), result.DocumentTextBytes);
    }

    [Fact]
    public void Shard_footers_carry_schema_version_lineage_and_config_hash()
    {
        var (result, sink) = Ingesting.Run(BrownJsonl(2).Concat("\n{"u8.ToArray()).ToArray(), "drop/x.jsonl");
        foreach (var shard in sink.Shards)
        {
            var footer = DocumentShardReader.ReadFooter(new MemoryStream(sink.Objects[shard.Key]), shard.Key);
            Assert.Equal(ShardLineage.SchemaVersion, footer.SchemaVersion);
            Assert.Equal(new ShardLineage("ingest", "drop/x.jsonl", result.Source.SourceHash, result.Source.ConfigHash), footer.Lineage);
            Assert.Equal(shard.Kind, footer.Kind);
            Assert.Equal(shard.Reason, footer.Reason);
        }

        Assert.Contains(sink.Shards, s => s.Kind == ShardKind.Rejected && s.Reason == RejectionReasons.InvalidJson);
    }

    [Fact]
    public async Task Dropping_the_same_bytes_again_is_recognised_by_the_source_hash_and_writes_nothing()
    {
        var sink = new MemoryIngestSink();
        var stage = new IngestStage(new IngestOptions());
        var input = BrownJsonl(5);
        var first = await stage.RunAsync(new MemoryStream(input), "one.jsonl", sink);
        var objects = sink.Objects.Count;
        var second = await stage.RunAsync(new MemoryStream(input), "copy-of-one.jsonl", sink);
        Assert.False(first.Skipped);
        Assert.True(second.Skipped);
        Assert.Equal(first.Source.SourceHash, second.Source.SourceHash);
        Assert.Equal(objects, sink.Objects.Count);
        Assert.Empty(second.DocumentShards);
        Assert.Equal(first.Source.SourceHash, await IngestStage.HashSourceAsync(new MemoryStream(input)));
    }

    [Fact]
    public async Task Each_empty_file_is_quarantined_under_its_own_name_never_taken_for_another_empty_file()
    {
        var sink = new MemoryIngestSink();
        var stage = new IngestStage(new IngestOptions());

        // Three objects with the same (no) bytes: a .txt, a 0-byte .gz, and the .txt dropped again.
        var text = await stage.RunAsync(new MemoryStream([]), "notes/empty.txt", sink);
        var archive = await stage.RunAsync(new MemoryStream([]), "archives/empty.gz", sink);
        var again = await stage.RunAsync(new MemoryStream([]), "notes/empty.txt", sink);

        Assert.False(text.Skipped);
        Assert.False(archive.Skipped);
        Assert.True(again.Skipped);
        Assert.Equal(text.Source.SourceHash, archive.Source.SourceHash);
        Assert.NotEqual(text.Source.Identity, archive.Source.Identity);
        var rejected = sink.Rejected();
        Assert.Equal(["archives/empty.gz", "notes/empty.txt"], rejected.Select(r => r.Source).Order(StringComparer.Ordinal));
        Assert.All(rejected, r => Assert.Equal(RejectionReasons.EmptyFile, r.Reason));
        Assert.Equal(2, sink.Shards.Select(s => s.Key).Distinct().Count());
    }

    [Fact]
    public void Document_ids_are_stable_and_depend_on_text_source_and_place()
    {
        var a = Document.Create("same text", "s1", "line:1", "{}");
        Assert.Equal(a.Id, Document.Create("same text", "s1", "line:1", "{\"other\":1}").Id);
        Assert.NotEqual(a.Id, Document.Create("same text", "s2", "line:1", "{}").Id);
        Assert.NotEqual(a.Id, Document.Create("same text", "s1", "line:2", "{}").Id);
        Assert.NotEqual(a.Id, Document.Create("other text", "s1", "line:1", "{}").Id);
        Assert.Equal(32, a.Id.Length);
        Assert.Equal(a.ContentHash, Document.Create("same text", "s2", "line:9", "{}").ContentHash);
    }

    [Fact]
    public void Invalid_options_are_refused_naming_each_bad_property()
    {
        var options = new IngestOptions { TextField = "", MaxExpansionRatio = 0.5, MaxArchiveDepth = -1, Shards = { TargetShardBytes = 10 } };
        var error = Assert.Throws<ArgumentException>(() => new IngestStage(options));
        foreach (var name in new[] { "TextField", "MaxExpansionRatio", "MaxArchiveDepth", "TargetShardBytes" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Stats_count_documents_by_format_and_rejections_by_reason()
    {
        var zip = Archives.Zip(("a.txt", "first"u8.ToArray()), ("b.jsonl", "{\"text\":\"x\"}\n{bad\n"u8.ToArray()), ("c.bin", [1, 2, 3]));
        var (result, _) = Ingesting.Run(zip, "stats.zip");
        Assert.Equal(1, result.DocumentsByFormat["txt"]);
        Assert.Equal(1, result.DocumentsByFormat["jsonl"]);
        Assert.Equal(1, result.RejectedByReason[RejectionReasons.InvalidJson]);
        Assert.Equal(1, result.RejectedByReason[RejectionReasons.UnsupportedFormat]);
        Assert.Equal(2, result.RejectedShards.Count);
    }

    [Fact]
    public async Task One_stage_runs_objects_concurrently_with_the_same_output_as_one_at_a_time()
    {
        var stage = new IngestStage(new IngestOptions());
        var inputs = Enumerable.Range(0, 6).Select(i => (Key: $"drop/part{i}.jsonl", Bytes: Encoding.UTF8.GetBytes(string.Join("\n",
            Fortunes.Read(i % 2 == 0 ? "en" : "de").Skip(i * 50).Take(50).Select(f => JsonSerializer.Serialize(new { text = f })))))).ToList();
        var sequential = new MemoryIngestSink();
        foreach (var (key, bytes) in inputs)
        {
            await stage.RunAsync(new MemoryStream(bytes), key, sequential);
        }

        var sinks = inputs.Select(_ => new MemoryIngestSink()).ToList();
        await Task.WhenAll(inputs.Select((input, i) => Task.Run(() => stage.RunAsync(new MemoryStream(input.Bytes), input.Key, sinks[i]))));
        var concurrent = sinks.SelectMany(s => s.Objects).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(sequential.Objects.Count, concurrent.Count);
        foreach (var (key, bytes) in sequential.Objects)
        {
            Assert.Equal(bytes, concurrent[key]);
        }
    }
}
