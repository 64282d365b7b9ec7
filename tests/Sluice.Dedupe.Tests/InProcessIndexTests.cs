using Sluice.Dedupe.Index;

namespace Sluice.Dedupe.Tests;

public sealed class InProcessIndexTests
{
    private static readonly Lazy<DuplicateClusters> Clusters = new(() => DuplicateClusters.Build(clusters: 20, singletons: 20, seed: 7));

    [Fact]
    public async Task One_document_per_cluster_is_kept_and_removed_ones_name_what_they_duplicate()
    {
        var clusters = Clusters.Value;
        var options = new DedupeOptions();
        await using var index = new InProcessDedupeIndex(options);
        var result = await new DedupeStage(options, index).ProcessAsync("all", clusters.Documents);

        clusters.AssertOneKeptPerCluster(result.Kept.Select(o => o.Document.Id));
        Assert.Equal(clusters.ClusterCount, result.Stats.Kept);
        Assert.Equal(result.Stats.Input, result.Stats.Kept + result.Stats.Exact + result.Stats.Near);
        Assert.True(result.Stats.Exact >= 20, $"{result.Stats.Exact} exact duplicates; every cluster has an exact copy");
        foreach (var rejected in result.Rejected)
        {
            Assert.Equal(clusters.ClusterOf[rejected.Document.Id], clusters.ClusterOf[rejected.Decision.DuplicateOf!]);
            Assert.InRange(rejected.Decision.Similarity, 0.8, 1.0);
        }
    }

    [Fact]
    public async Task A_saved_index_reloads_byte_identically_and_lets_no_duplicate_through_after_a_restart()
    {
        var clusters = Clusters.Value;
        var shards = clusters.Shards(6);
        var options = new DedupeOptions { BatchSize = 7 };

        var first = new List<DedupeShardResult>();
        byte[] saved;
        await using (var index = new InProcessDedupeIndex(options))
        {
            var stage = new DedupeStage(options, index);
            foreach (var (key, documents) in shards.Take(3))
            {
                first.Add(await stage.ProcessAsync(key, documents));
            }

            using var file = new MemoryStream();
            await index.SaveAsync(file);
            saved = file.ToArray();
        }

        await using var restarted = await InProcessDedupeIndex.LoadAsync(new MemoryStream(saved), "index.bin", options);
        using (var again = new MemoryStream())
        {
            await restarted.SaveAsync(again);
            Assert.Equal(saved, again.ToArray());
        }

        // The restarted worker sees every shard again (redelivery) and then the rest.
        var restartedStage = new DedupeStage(options, restarted);
        var all = new List<DedupeShardResult>();
        foreach (var (key, documents) in shards)
        {
            all.Add(await restartedStage.ProcessAsync(key, documents));
        }

        for (var s = 0; s < 3; s++)
        {
            Assert.Equal(first[s].Outcomes, all[s].Outcomes);
        }

        clusters.AssertOneKeptPerCluster(all.SelectMany(r => r.Kept).Select(o => o.Document.Id));
        Assert.Equal(clusters.ClusterCount, all.Sum(r => r.Stats.Kept));
    }

    [Fact]
    public async Task Reprocessing_a_shard_returns_the_same_decisions_and_another_shard_cannot_keep_the_same_document()
    {
        var options = new DedupeOptions();
        await using var index = new InProcessDedupeIndex(options);
        var stage = new DedupeStage(options, index);
        var documents = Clusters.Value.Documents.Take(30).ToList();
        var once = await stage.ProcessAsync("shard-a", documents);
        var twice = await stage.ProcessAsync("shard-a", documents);
        Assert.Equal(once.Outcomes, twice.Outcomes);

        var elsewhere = await stage.ProcessAsync("shard-b", documents);
        Assert.Equal(0, elsewhere.Stats.Kept);
        foreach (var kept in once.Kept)
        {
            var decision = elsewhere.Outcomes.Single(o => o.Document.Id == kept.Document.Id).Decision;
            Assert.Equal(new DedupeDecision(kept.Document.Id, DedupeVerdict.ExactDuplicate, kept.Document.Id, 1.0), decision);
        }
    }

    [Fact]
    public async Task A_document_id_reused_for_other_content_is_a_typed_error()
    {
        var options = new DedupeOptions();
        await using var index = new InProcessDedupeIndex(options);
        var stage = new DedupeStage(options, index);
        await stage.ProcessAsync("shard-a", [new("doc-1", "The Fulton County Grand Jury said Friday an investigation took place.")]);
        var error = await Assert.ThrowsAsync<DocumentIdConflictException>(() =>
            stage.ProcessAsync("shard-b", [new("doc-1", "Something else entirely, written by another hand.")]));
        Assert.Equal("doc-1", error.DocumentId);
        Assert.Contains("shard-b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_named_in_the_error()
    {
        var options = new DedupeOptions();
        await using var index = new InProcessDedupeIndex(options);
        var stage = new DedupeStage(options, index);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => stage.ProcessAsync("shard-x", [new("ok", "text"), new("", "text")]));
        Assert.Contains("shard-x", error.Message, StringComparison.Ordinal);
        Assert.Contains("document 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DedupeOptions { MinHash = { Bands = 0 } }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new DedupeOptions { VerificationThreshold = 1.5 }.Validate());
    }

    [Fact]
    public async Task Damaged_or_foreign_index_files_are_rejected_with_their_name()
    {
        var options = new DedupeOptions();
        byte[] saved;
        await using (var index = new InProcessDedupeIndex(options))
        {
            await new DedupeStage(options, index).ProcessAsync("s", Clusters.Value.Documents.Take(10).ToList());
            using var file = new MemoryStream();
            await index.SaveAsync(file);
            saved = file.ToArray();
        }

        var truncated = await Assert.ThrowsAsync<DedupeIndexFormatException>(() => InProcessDedupeIndex.LoadAsync(new MemoryStream(saved[..^40]), "lake/dedupe/index.bin", options));
        Assert.Contains("lake/dedupe/index.bin", truncated.Message, StringComparison.Ordinal);

        var flipped = (byte[])saved.Clone();
        flipped[flipped.Length / 2] ^= 0x10;
        await Assert.ThrowsAsync<DedupeIndexFormatException>(() => InProcessDedupeIndex.LoadAsync(new MemoryStream(flipped), "index.bin", options));
        await Assert.ThrowsAsync<DedupeIndexFormatException>(() => InProcessDedupeIndex.LoadAsync(new MemoryStream([1, 2, 3]), "index.bin", options));

        var otherSettings = new DedupeOptions { MinHash = { Bands = 20, RowsPerBand = 5 } };
        var mismatch = await Assert.ThrowsAsync<DedupeIndexMismatchException>(() => InProcessDedupeIndex.LoadAsync(new MemoryStream(saved), "index.bin", otherSettings));
        Assert.Contains("bands=14", mismatch.StoredConfiguration, StringComparison.Ordinal);

        await using var fresh = new InProcessDedupeIndex(otherSettings);
        Assert.Throws<DedupeIndexMismatchException>(() => new DedupeStage(options, fresh));
    }
}
