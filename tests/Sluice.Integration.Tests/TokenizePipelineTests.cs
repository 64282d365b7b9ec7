using System.Security.Cryptography;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Hosting;
using Sluice.Storage;
using Sluice.Testing;
using Sluice.Tokenize.Worker;

namespace Sluice.Integration.Tests;

/// <summary>
/// Tokenize workers against a real RabbitMQ and a real S3 server on loopback: replicas that start at once on a fresh
/// lake, with a policy that trains the tokenizer on the data, train it once between them and all use that one.
/// </summary>
public sealed class TokenizePipelineTests(LoopbackServers servers) : IClassFixture<LoopbackServers>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Two_replicas_starting_at_once_on_a_fresh_lake_train_one_tokenizer_and_both_use_it()
    {
        using var lakeHandle = (IDisposable)servers.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var brown = BrownCorpus.Documents().Skip(100).Take(24).Select(d => Document.Create(d.Text, "drop/brown/" + d.Name, "file", "{}")).ToList();
        var cleaned = new List<Cleaned>();
        for (var i = 0; i < 6; i++)
        {
            cleaned.Add(await WriteCleanShardAsync(lake, $"source-{i}", brown.Skip(i * 4).Take(4)));
        }

        var settings = servers.ServiceSettings();
        settings["Tokenize:Tokenizer:Encoding"] = "train";
        settings["Tokenize:Tokenizer:VocabularySize"] = "700";
        settings["Tokenize:Tokenizer:SettleSeconds"] = "1";
        settings["Tokenize:ValidationFraction"] = "0.1";
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var first = Hosts.TokenizeWorker(settings);
        await using var second = Hosts.TokenizeWorker(settings);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        // Every shard at once, so both replicas find no tokenizer and ask for one.
        var bus = recorder.Services.GetRequiredService<IBus>();
        await Task.WhenAll(cleaned.Select(c => bus.Publish(c)));
        await events.WaitUntilAsync(e => e.Tokenized.Count >= cleaned.Count, Patience, "every cleaned shard to be tokenized");

        var trainings = first.Services.GetRequiredService<TokenizerTrainingJob>().TrainingCount + second.Services.GetRequiredService<TokenizerTrainingJob>().TrainingCount;
        Assert.Equal(1, trainings);
        var tokenizerId = Assert.Single(events.Tokenized.Select(t => t.TokenizerId).Distinct());
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in lake.ListAsync("tokenizers/"))
        {
            stored.Add(item.Key.Split('/')[1]);
        }

        Assert.Equal([tokenizerId], stored);
        var tokenizer = await TokenizedOutputs.TokenizerAsync(lake, tokenizerId);
        Assert.Equal(700, tokenizer.VocabularySize);

        // Every shard was tokenized with it, and every document decodes to its text.
        Assert.Equal(cleaned.Select(c => c.Output.Key).Order(StringComparer.Ordinal), events.Tokenized.Select(t => t.Input.Key).Order(StringComparer.Ordinal));
        foreach (var tokenized in events.Tokenized)
        {
            var decoded = await TokenizedOutputs.DecodeAsync(lake, tokenized, tokenizer);
            var documents = brown.Where(d => decoded.ContainsKey(d.Id)).ToList();
            Assert.Equal(4, documents.Count);
            Assert.All(documents, d => Assert.Equal(d.Text, decoded[d.Id].Text));
            Assert.All(tokenized.Train.Shards.Concat(tokenized.Validation.Shards), s => Assert.StartsWith($"tokens/{tokenizerId}/", s.Tokens.Key, StringComparison.Ordinal));
        }

        // A replica started later finds the frozen tokenizer and trains nothing.
        await using var third = Hosts.TokenizeWorker(settings);
        await first.StopAsync();
        await second.StopAsync();
        await third.StartAsync();
        await bus.Publish(cleaned[0]);
        await events.WaitUntilAsync(e => e.Tokenized.Count > cleaned.Count, Patience, "the late replica to tokenize");
        Assert.Equal(tokenizerId, events.Tokenized.Last().TokenizerId);
        Assert.Equal(0, third.Services.GetRequiredService<TokenizerTrainingJob>().TrainingCount);
        await third.StopAsync();
        await recorder.StopAsync();
    }

    private static async Task<Cleaned> WriteCleanShardAsync(IObjectStore lake, string source, IEnumerable<Document> documents)
    {
        var sourceSha = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source)));
        var lineage = new ShardLineage("safety-filter", $"docs/dedup/{sourceSha}/input.parquet", sourceSha, new string('2', 64));
        await using var writer = new DocumentShardWriter(new LakeShardSink(lake), lineage, part => $"docs/clean/{sourceSha}/replicas-{part:D5}.parquet", new DocumentShardOptions());
        foreach (var document in documents)
        {
            await writer.WriteAsync(document);
        }

        var shard = Assert.Single(await writer.CompleteAsync());
        var output = new StoredObjectRef { Key = shard.Key, Sha256 = shard.Sha256, ByteCount = shard.ByteCount, RecordCount = shard.RowCount };
        return new Cleaned
        {
            SourceSha256 = sourceSha,
            Input = output with { Key = lineage.SourceKey },
            Output = output,
            StageConfigHash = new string('3', 64),
            OccurredAt = DateTimeOffset.UtcNow,
        };
    }
}
