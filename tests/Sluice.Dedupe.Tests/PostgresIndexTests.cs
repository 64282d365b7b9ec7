using Npgsql;
using Sluice.Dedupe.Index;
using Xunit.Abstractions;

namespace Sluice.Dedupe.Tests;

public sealed class PostgresIndexTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private static readonly Lazy<DuplicateClusters> Clusters = new(() => DuplicateClusters.Build(clusters: 40, singletons: 40, seed: 11));

    [Fact]
    public async Task Concurrent_workers_on_overlapping_shards_keep_exactly_one_document_per_cluster()
    {
        var clusters = Clusters.Value;
        var shards = clusters.Shards(8);
        var options = new DedupeOptions { BatchSize = 8 };

        var sequentialKept = new List<string>();
        await using (var sequential = await PostgresDedupeIndex.OpenAsync(postgres.NewSchema(), options))
        {
            var stage = new DedupeStage(options, sequential);
            foreach (var (key, documents) in shards)
            {
                sequentialKept.AddRange((await stage.ProcessAsync(key, documents)).Kept.Select(o => o.Document.Id));
            }
        }

        clusters.AssertOneKeptPerCluster(sequentialKept);

        // Four replicas, each with its own connection pool, on one index. Every shard goes to two of them (a
        // redelivery racing the original), and each replica also gets a shard of documents taken from others' shards.
        var schema = postgres.NewSchema();
        var indexes = new List<PostgresDedupeIndex>();
        for (var w = 0; w < 4; w++)
        {
            indexes.Add(await PostgresDedupeIndex.OpenAsync(schema, options));
        }

        var workers = indexes.Select((index, w) => Task.Run(async () =>
        {
            var stage = new DedupeStage(options, index);
            var results = new List<DedupeShardResult>();
            var mine = new[] { 2 * w, (2 * w) + 1, (2 * w) + 2, (2 * w) + 3 }.Select(s => shards[s % shards.Count]).ToList();
            mine.Add(($"mixed-{w}", clusters.Documents.Where((_, i) => i % 9 == w).ToList()));
            foreach (var (key, documents) in mine)
            {
                results.Add(await stage.ProcessAsync(key, documents));
            }

            return results;
        })).ToList();
        var all = (await Task.WhenAll(workers)).SelectMany(r => r).ToList();
        output.WriteLine($"batches retried after conflicts: {indexes.Sum(i => i.Retries)}");
        foreach (var index in indexes)
        {
            await index.DisposeAsync();
        }

        var kept = all.SelectMany(r => r.Kept.Select(o => (r.ShardKey, o.Document.Id))).Distinct().ToList();
        Assert.Equal(kept.Count, kept.Select(k => k.Id).Distinct().Count());
        clusters.AssertOneKeptPerCluster(kept.Select(k => k.Id));
        Assert.Equal(sequentialKept.Count, kept.Count);

        // A shard handled by two replicas got the same decisions from both.
        foreach (var group in all.GroupBy(r => r.ShardKey).Where(g => g.Count() > 1))
        {
            Assert.Equal(group.First().Outcomes, group.Last().Outcomes);
        }
    }

    [Fact]
    public async Task A_crash_mid_run_and_a_restarted_worker_let_no_duplicate_through_and_lose_nothing()
    {
        var clusters = Clusters.Value;
        var shards = clusters.Shards(6);
        var options = new DedupeOptions { BatchSize = 5 };
        var schema = postgres.NewSchema();

        var beforeCrash = new List<DedupeShardResult>();
        await using (var index = await PostgresDedupeIndex.OpenAsync(schema, options))
        {
            var stage = new DedupeStage(options, index);
            foreach (var (key, documents) in shards.Take(2))
            {
                beforeCrash.Add(await stage.ProcessAsync(key, documents));
            }

            // The server dies half-way through the third shard: some of its batches are committed, one is in flight.
            var crashing = new CrashingIndex(index, afterClaims: 3, crash: postgres.Server.CrashAndRestart);
            var doomed = new DedupeStage(options, crashing);
            try
            {
                await doomed.ProcessAsync(shards[2].Key, shards[2].Documents);
            }
            catch (NpgsqlException e)
            {
                // The usual outcome: the batch in flight dies with its connection (its transaction rolls back).
                output.WriteLine($"worker died with the server: {e.GetType().Name}: {e.Message}");
            }
        }

        await using var restarted = await PostgresDedupeIndex.OpenAsync(schema, options);
        var stageAfter = new DedupeStage(options, restarted);
        var results = new List<DedupeShardResult>();
        foreach (var (key, documents) in shards)
        {
            results.Add(await stageAfter.ProcessAsync(key, documents));
        }

        Assert.Equal(beforeCrash[0].Outcomes, results[0].Outcomes);
        Assert.Equal(beforeCrash[1].Outcomes, results[1].Outcomes);
        Assert.Equal(clusters.Documents.Count, results.Sum(r => r.Outcomes.Count));
        clusters.AssertOneKeptPerCluster(results.SelectMany(r => r.Kept).Select(o => o.Document.Id));
    }

    [Fact]
    public async Task The_postgres_index_gives_the_same_decisions_as_the_in_process_one()
    {
        var shards = Clusters.Value.Shards(3);
        var options = new DedupeOptions { Verification = NearDuplicateVerification.ExactJaccard };
        await using var remote = await PostgresDedupeIndex.OpenAsync(postgres.NewSchema(), options);
        await using var local = new InProcessDedupeIndex(options);
        foreach (var (key, documents) in shards)
        {
            var fromRemote = await new DedupeStage(options, remote).ProcessAsync(key, documents);
            var fromLocal = await new DedupeStage(options, local).ProcessAsync(key, documents);
            Assert.Equal(fromLocal.Outcomes, fromRemote.Outcomes);
        }
    }

    [Fact]
    public async Task Settings_and_document_ids_are_checked()
    {
        var schema = postgres.NewSchema();
        var options = new DedupeOptions();
        await using (var index = await PostgresDedupeIndex.OpenAsync(schema, options))
        {
            var stage = new DedupeStage(options, index);
            await stage.ProcessAsync("a", [new("doc-1", "It was a bright cold day in April, and the clocks were striking thirteen.")]);
            await Assert.ThrowsAsync<DocumentIdConflictException>(() => stage.ProcessAsync("b", [new("doc-1", "A different text under a reused id.")]));
        }

        var mismatch = await Assert.ThrowsAsync<DedupeIndexMismatchException>(() =>
            PostgresDedupeIndex.OpenAsync(schema, new DedupeOptions { MinHash = { ShingleSize = 3 } }));
        Assert.Contains(schema.Schema, mismatch.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PostgresDedupeIndexOptions { ConnectionString = "Host=x", Schema = "bad;name" }.Validate());
    }

    [Fact]
    public async Task Boilerplate_claims_work_against_postgres()
    {
        var options = BoilerplateTests.Options();
        await using var index = await PostgresDedupeIndex.OpenAsync(postgres.NewSchema(), options);
        await BoilerplateTests.AssertBoilerplateRemovedAsync(new DedupeStage(options, index));
    }
}
