using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Storage;
using Sluice.Testing;

namespace Sluice.Integration.Tests;

/// <summary>
/// The dedupe worker against a real RabbitMQ, a real S3 server and a real PostgreSQL index on loopback: ingest's shards
/// become deduplicated shards and <see cref="Deduplicated"/> events; several workers at once, or a worker stopped
/// mid-run and replaced, keep exactly one document of every duplicate cluster and lose nothing.
/// </summary>
public sealed class DedupePipelineTests(DedupeServers servers) : IClassFixture<DedupeServers>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Dropped_files_reach_Deduplicated_with_the_copies_removed_and_recorded_then_Cleaned_then_Tokenized()
    {
        var sample = SampleDrop.Create(brownOffset: 40);
        var original = sample.Objects.First(o => o.Key == "news/brown-1.txt");
        var text = System.Text.Encoding.UTF8.GetString(original.Bytes);
        using var dropHandle = (IDisposable)servers.Loopback.Bucket("drop");
        using var lakeHandle = (IDisposable)servers.Loopback.Bucket("lake");
        var drop = (IObjectStore)dropHandle;
        var lake = (IObjectStore)lakeHandle;
        foreach (var item in sample.Objects)
        {
            await drop.PutAsync("e2e/" + item.Key, new MemoryStream(item.Bytes));
        }

        // Other bytes, the same normalized text: an exact duplicate. A heading added: a near duplicate.
        await drop.PutAsync("e2e/mirror/copy.txt", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.ToLowerInvariant())));
        await drop.PutAsync("e2e/mirror/near.txt", new MemoryStream(System.Text.Encoding.UTF8.GetBytes("Mirrored from the wire\n\n" + text)));

        var ingestSettings = servers.Loopback.ServiceSettings();
        ingestSettings["DropWatch:ScanIntervalSeconds"] = "1";
        ingestSettings["DropWatch:Prefix"] = "e2e/";
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.Loopback.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var dedupe = Hosts.DedupeWorker(servers.DedupeSettings("e2e", concurrentMessages: 2));
        await dedupe.StartAsync();
        var safetySettings = servers.Loopback.ServiceSettings();
        safetySettings["SafetyFilter:Toxicity:WordListFolder"] = RepoLayout.PeerPackage("naughty-words");
        await using var safety = Hosts.SafetyFilterWorker(safetySettings);
        await safety.StartAsync();
        var tokenizeSettings = servers.Loopback.ServiceSettings();
        tokenizeSettings["Tokenize:ValidationFraction"] = "0.2";
        tokenizeSettings["Tokenize:MinValidationTokens"] = "0";
        tokenizeSettings["Tokenize:BatchBytes"] = "65536";
        tokenizeSettings["Tokenize:Tokenizer:VocabularySize"] = "1024";
        tokenizeSettings["Tokenize:Tokenizer:SettleSeconds"] = "1";
        tokenizeSettings["Jobs:Store"] = "InProcess";
        await using var tokenize = Hosts.TokenizeWorker(tokenizeSettings);
        await tokenize.StartAsync();
        await using var ingest = Hosts.IngestWorker(ingestSettings);
        await ingest.StartAsync();

        var objectCount = sample.Objects.Count + 2;
        await events.WaitUntilAsync(e => e.SourceIngested.Count >= objectCount, Patience, "every dropped object to be ingested");
        var shardCount = events.DataArrived.Count;
        await events.WaitUntilAsync(e => e.Deduplicated.Select(d => d.Input.Key).Distinct().Count() >= shardCount, Patience, "every shard to be deduplicated");
        var dedupOutputs = events.Deduplicated.Select(d => d.Output.Key).ToHashSet(StringComparer.Ordinal);
        await events.WaitUntilAsync(e => dedupOutputs.IsSubsetOf(e.Cleaned.Select(c => c.Input.Key)), Patience, "every deduplicated shard to be cleaned");
        var cleanOutputs = events.Cleaned.Select(c => c.Output.Key).ToHashSet(StringComparer.Ordinal);
        await events.WaitUntilAsync(e => cleanOutputs.IsSubsetOf(e.Tokenized.Select(t => t.Input.Key)), Patience, "every cleaned shard to be tokenized");
        await AssertTokenizedAsync(lake, events);

        // A re-run (every Cleaned event announced again by a re-run) writes the same keys with the same bytes.
        var firstRound = events.Tokenized.ToList();
        var before = await LakeContents.SnapshotAsync(lake, "tokens/");
        var bus = recorder.Services.GetRequiredService<IBus>();
        foreach (var cleaned in events.Cleaned.DistinctBy(c => c.Output.Key).ToList())
        {
            await bus.Publish(cleaned with { Rerun = true });
        }

        await events.WaitUntilAsync(e => e.Tokenized.Count >= firstRound.Count + cleanOutputs.Count, Patience, "every cleaned shard to be tokenized again");
        foreach (var again in events.Tokenized.Skip(firstRound.Count))
        {
            var first = firstRound.First(t => t.Input.Key == again.Input.Key);
            Assert.Equal(first.TokenizerId, again.TokenizerId);
            Assert.Equal(first.Train.Shards.Concat(first.Validation.Shards), again.Train.Shards.Concat(again.Validation.Shards));
        }

        Assert.Equal(before, await LakeContents.SnapshotAsync(lake, "tokens/"));
        await ingest.StopAsync();
        await dedupe.StopAsync();
        await safety.StopAsync();
        await tokenize.StopAsync();
        await recorder.StopAsync();

        // Every deduplicated shard reached the safety filter: each document kept or removed for a rule, none lost.
        foreach (var cleaned in events.Cleaned)
        {
            Assert.StartsWith($"docs/clean/{cleaned.Input.Sha256[..32]}-{cleaned.StageConfigHash[..16]}-", cleaned.Output.Key, StringComparison.Ordinal);
            Assert.Equal(cleaned.Input.RecordCount, cleaned.Output.RecordCount + cleaned.RemovedByReason.Values.Sum());
            Assert.Equal(cleaned.RemovedByReason.Count, cleaned.RejectedShards.Count);
        }

        Assert.True(events.Cleaned.Sum(c => c.Output.RecordCount) > 0, "the safety filter kept none of the Brown text");

        var results = Latest(events);
        Assert.Equal(events.DataArrived.Select(a => a.Shard.Key).Order(StringComparer.Ordinal), results.Keys.Order(StringComparer.Ordinal));
        var totalIn = events.DataArrived.Sum(a => a.Shard.RecordCount);
        Assert.Equal(totalIn, results.Values.Sum(d => d.Input.RecordCount));
        Assert.Equal(2, results.Values.Sum(d => d.RemovedByReason.Values.Sum()));
        Assert.Equal(totalIn - 2, results.Values.Sum(d => d.Output.RecordCount));

        var (kept, rejected) = await ReadOutputsAsync(lake, results.Values);
        Assert.Equal(totalIn - 2, kept.Count);

        // One of the three is kept (which one is the round's total order, tested on its own); the other two name it or each other.
        string[] cluster = ["e2e/news/brown-1.txt", "e2e/mirror/copy.txt", "e2e/mirror/near.txt"];
        var keptOfCluster = Assert.Single(kept, d => cluster.Contains(d.Source));
        var removedOfCluster = rejected.Where(r => cluster.Contains(r.Source)).ToList();
        Assert.Equal(2, removedOfCluster.Count);
        Assert.Equal(2, rejected.Count);
        var clusterIds = removedOfCluster.Select(r => r.Id).Append(keptOfCluster.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var record in removedOfCluster)
        {
            var metadata = JsonNode.Parse(record.Metadata)!;
            var duplicateOf = (string?)metadata["duplicateOf"];
            Assert.True(duplicateOf is not null && clusterIds.Contains(duplicateOf), $"{record.Source} removed as a duplicate of {duplicateOf}, outside its cluster");
            Assert.InRange((double)metadata["similarity"]!, 0.8, 1.0);
            Assert.Equal("dedupe", record.Stage);
            Assert.Contains(record.Reason, new[] { "exact", "near" });
            Assert.Contains(results.Values.SelectMany(d => d.RejectedShards), s => s.Key.StartsWith("rejected/dedupe/" + record.Reason + "/", StringComparison.Ordinal));
        }

        // The original and its lower-cased copy have the same normalized text: whichever came second is an exact duplicate.
        Assert.Contains(removedOfCluster, r => r.Reason == "exact" && r.Source is "e2e/news/brown-1.txt" or "e2e/mirror/copy.txt");

        Assert.All(results.Values, d => Assert.StartsWith("docs/dedup/", d.Output.Key, StringComparison.Ordinal));
        Assert.All(results.Values, d => Assert.Equal(d.Input.RecordCount, d.Output.RecordCount + d.RemovedByReason.Values.Sum()));
    }

    [Fact]
    public async Task Several_workers_at_once_on_overlapping_shards_keep_one_document_per_cluster()
    {
        var run = "concurrent-" + Guid.NewGuid().ToString("N")[..8];
        var clusters = ClusterShards.Create(run, clusterCount: 24, shardCount: 8, paragraphOffset: 0);
        using var lakeHandle = (IDisposable)servers.Loopback.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var arrivals = await clusters.WriteAsync(lake, run);

        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.Loopback.ServiceSettings(), events);
        await recorder.StartAsync();
        var schema = "c_" + run[^8..];
        var workers = new List<WebApplication>();
        for (var i = 0; i < 3; i++)
        {
            var worker = Hosts.DedupeWorker(servers.DedupeSettings(schema, concurrentMessages: 2));
            await worker.StartAsync();
            workers.Add(worker);
        }

        // Every shard twice: replicas race to park the same shard as well as overlapping ones, and one of them holds the
        // round. A shard parked twice at once is decided once; one parked again after its decision is decided again, the same.
        var bus = recorder.Services.GetRequiredService<IBus>();
        try
        {
            foreach (var arrived in arrivals.Concat(arrivals))
            {
                await bus.Publish(arrived);
            }

            await events.WaitUntilAsync(e => e.Deduplicated.Where(d => d.Source.Sha256 == arrivals[0].Source.Sha256).Select(d => d.Input.Key).Distinct().Count() >= arrivals.Count, Patience, "every shard to be deduplicated");
            await QueueStatistics.WaitUntilDrainedAsync(servers.Loopback.Rabbit, "dedupe", Patience);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.StopAsync();
                await worker.DisposeAsync();
            }
        }

        await recorder.StopAsync();
        await AssertOneKeptPerClusterAsync(lake, clusters, events, arrivals);
    }

    [Fact]
    public async Task A_worker_stopped_mid_run_and_replaced_lets_no_duplicate_through_and_loses_nothing()
    {
        var run = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var clusters = ClusterShards.Create(run, clusterCount: 24, shardCount: 8, paragraphOffset: 24);
        using var lakeHandle = (IDisposable)servers.Loopback.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var arrivals = await clusters.WriteAsync(lake, run);

        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.Loopback.ServiceSettings(), events);
        await recorder.StartAsync();
        var settings = servers.DedupeSettings("r_" + run[^8..], concurrentMessages: 1);

        // Deliveries prefetched beyond the one in hand (as the services' defaults allow) are held when it stops as well.
        settings["Bus:PrefetchCount"] = "4";
        var rabbit = servers.Loopback.Rabbit;
        var othersConnections = await BrokerConnections.ListAsync(rabbit);
        await using var first = Hosts.DedupeWorker(settings);
        await first.StartAsync();
        var bus = recorder.Services.GetRequiredService<IBus>();
        foreach (var arrived in arrivals)
        {
            await bus.Publish(arrived);
        }

        bool Mine(Deduplicated d) => d.Source.Sha256 == arrivals[0].Source.Sha256;
        await events.WaitUntilAsync(e => e.Deduplicated.Count(Mine) >= 2, Patience, "the first worker to finish two shards");

        // Stopped without waiting for the shard in hand, then gone the way a killed process goes: its connection closed,
        // so the broker puts back every message it held. A stop that gives up waiting leaves MassTransit's connection
        // open, and a delivery that reaches a stopping consumer is neither acknowledged nor returned: while that host
        // lived, such a message would stay with it and the second worker would never see it.
        using (var abrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(1)))
        {
            try
            {
                await first.StopAsync(abrupt.Token);
            }
            catch (OperationCanceledException)
            {
                // The host gave up waiting, as intended.
            }
        }

        await BrokerConnections.CloseAllButAsync(rabbit, othersConnections, Patience);

        var finishedByFirst = events.Deduplicated.Count(Mine);
        Assert.True(finishedByFirst < arrivals.Count, $"the first worker finished all {arrivals.Count} shards before it was stopped; the test needs it stopped mid-run");

        await using var second = Hosts.DedupeWorker(settings);
        await second.StartAsync();
        await events.WaitUntilAsync(e => e.Deduplicated.Where(Mine).Select(d => d.Input.Key).Distinct().Count() >= arrivals.Count, Patience, "the second worker to finish the rest");
        await second.StopAsync();
        await recorder.StopAsync();
        await AssertOneKeptPerClusterAsync(lake, clusters, events, arrivals);
    }

    private static async Task AssertOneKeptPerClusterAsync(IObjectStore lake, ClusterShards clusters, RecordedEvents events, List<DataArrived> arrivals)
    {
        var mine = events.Deduplicated.Where(d => d.Source.Sha256 == arrivals[0].Source.Sha256).ToList();

        // A shard processed more than once gave the same output bytes every time.
        foreach (var group in mine.GroupBy(d => d.Input.Key))
        {
            Assert.Single(group.Select(d => d.Output.Sha256).Distinct());
        }

        var results = Latest(mine);
        Assert.Equal(arrivals.Select(a => a.Shard.Key).Order(StringComparer.Ordinal), results.Keys.Order(StringComparer.Ordinal));
        var (kept, rejected) = await ReadOutputsAsync(lake, results.Values);

        // Exactly one member of each cluster, and as many as one worker processing the shards one by one keeps.
        Assert.Equal(kept.Count, kept.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
        var keptPerCluster = kept.GroupBy(d => clusters.ClusterOf[d.Id]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, clusters.ClusterCount), keptPerCluster.Keys.Order());
        Assert.All(keptPerCluster, p => Assert.True(p.Value == 1, $"cluster {p.Key}: {p.Value} kept"));
        Assert.Equal(await clusters.SequentialKeptCountAsync(), kept.Count);

        // Nothing lost: every input document of every shard is in that shard's output or its rejected shards.
        foreach (var (s, documents) in clusters.Shards.Select((d, i) => (i, d)))
        {
            var result = results[arrivals[s].Shard.Key];
            var (shardKept, shardRejected) = await ReadOutputsAsync(lake, [result]);
            var accounted = shardKept.Select(d => d.Id).Concat(shardRejected.Select(r => r.Id)).Order(StringComparer.Ordinal);
            Assert.Equal(documents.Select(d => d.Id).Order(StringComparer.Ordinal), accounted);
        }

        Assert.All(rejected, r => Assert.True(clusters.ClusterOf[r.Id] == clusters.ClusterOf[(string)JsonNode.Parse(r.Metadata)!["duplicateOf"]!], $"{r.Id} removed as a duplicate of a document of another cluster"));
    }

    /// <summary>
    /// One trained tokenizer for the whole run; every cleaned document decodes, through its shard's document index, to
    /// exactly its cleaned text, in the split its id hashes to, and the splits' sizes follow the configured fraction.
    /// </summary>
    private static async Task AssertTokenizedAsync(IObjectStore lake, RecordedEvents events)
    {
        var tokenizerId = Assert.Single(events.Tokenized.Select(t => t.TokenizerId).Distinct());
        var tokenizer = await TokenizedOutputs.TokenizerAsync(lake, tokenizerId);
        Assert.Equal(1024, tokenizer.VocabularySize);
        var split = new Sluice.Tokenizer.Shards.TrainValidationSplit(0.2);
        var validationDocuments = 0L;
        var allDocuments = 0L;
        foreach (var tokenized in events.Tokenized.DistinctBy(t => t.Input.Key))
        {
            Assert.Equal(tokenized.Input, events.Cleaned.First(c => c.Output.Key == tokenized.Input.Key).Output);
            var cleaned = DocumentShardReader.ReadDocuments(new MemoryStream(await LakeContents.ReadAllAsync(lake, tokenized.Input.Key)), tokenized.Input.Key).ToList();
            var decoded = await TokenizedOutputs.DecodeAsync(lake, tokenized, tokenizer);
            Assert.Equal(cleaned.Count, decoded.Count);
            foreach (var document in cleaned)
            {
                Assert.True(decoded.TryGetValue(document.Id, out var found), $"cleaned document {document.Id} has no tokens");
                Assert.Equal(document.Text, found.Text);
                Assert.Equal(split.Assign(document.Id), found.Split);
            }

            Assert.Equal(cleaned.Count(d => split.Assign(d.Id) == Sluice.Tokenizer.Shards.TokenSplit.Validation), tokenized.Validation.DocumentCount);
            Assert.Empty(tokenized.RemovedByReason);
            validationDocuments += tokenized.Validation.DocumentCount;
            allDocuments += cleaned.Count;
        }

        // About a fifth held out (a binomial count: within four standard deviations of the expected share).
        var expected = 0.2 * allDocuments;
        Assert.InRange(validationDocuments, expected - 4 * Math.Sqrt(allDocuments * 0.2 * 0.8), expected + 4 * Math.Sqrt(allDocuments * 0.2 * 0.8));
    }

    private static Dictionary<string, Deduplicated> Latest(IEnumerable<Deduplicated> events)
    {
        var latest = new Dictionary<string, Deduplicated>(StringComparer.Ordinal);
        foreach (var d in events)
        {
            latest[d.Input.Key] = d;
        }

        return latest;
    }

    private static Dictionary<string, Deduplicated> Latest(RecordedEvents events) => Latest(events.Deduplicated);

    private static async Task<(List<Document> Kept, List<RejectedRecord> Rejected)> ReadOutputsAsync(IObjectStore lake, IEnumerable<Deduplicated> results)
    {
        var kept = new List<Document>();
        var rejected = new List<RejectedRecord>();
        foreach (var result in results)
        {
            kept.AddRange(DocumentShardReader.ReadDocuments(new MemoryStream(await LakeContents.ReadAllAsync(lake, result.Output.Key)), result.Output.Key));
            foreach (var shard in result.RejectedShards)
            {
                rejected.AddRange(DocumentShardReader.ReadRejected(new MemoryStream(await LakeContents.ReadAllAsync(lake, shard.Key)), shard.Key));
            }
        }

        return (kept, rejected);
    }
}
