using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Hosting;
using Sluice.SafetyFilter;
using Sluice.SafetyFilter.Worker;
using Sluice.Stages;
using Sluice.Storage;
using Sluice.Testing;

namespace Sluice.Integration.Tests;

/// <summary>
/// The safety-filter worker against a real RabbitMQ and a real S3 server on loopback: a deduplicated shard announced by
/// <see cref="Deduplicated"/> becomes a clean shard, per-rule rejected shards and one <see cref="Cleaned"/> event.
/// </summary>
public sealed class SafetyFilterPipelineTests(LoopbackServers servers) : IClassFixture<LoopbackServers>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private const string PlantedEmail = "margaret.hale@milton-mills.example.org";

    [Fact]
    public async Task A_deduplicated_shard_becomes_clean_and_rejected_shards_and_one_Cleaned_event_and_redelivery_writes_the_same_bytes()
    {
        using var lakeHandle = (IDisposable)servers.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var sourceSha = Convert.ToHexStringLower(SHA256.HashData("a dropped object"u8));
        var wordLists = RepoLayout.PeerPackage("naughty-words");

        // Three Brown documents the default rules keep (one with an e-mail address planted in it), one German text, and
        // one document whose metadata is not a JSON object, which makes the stage throw.
        var localStage = SafetyFilterBuilder.Build(
            new SafetyFilterOptions { Toxicity = { WordListFolder = wordLists } },
            LanguageModelCache.LoadOrTrain(new FortuneTrainingCorpus()));
        var brown = BrownCorpus.Documents()
            .Select(d => Document.Create(d.Text, "drop/brown/" + d.Name, "file", "{}"))
            .Where(d => localStage.Process(new SafetyDocument(d.Id, d.Text, d.Metadata)).Kept is not null)
            .Take(4)
            .ToList();
        var firstBreak = brown[0].Text.IndexOf('\n', StringComparison.Ordinal);
        var planted = Document.Create(brown[0].Text.Insert(firstBreak, $" Write to {PlantedEmail} for details."), brown[0].Source, "file", "{}");
        var german = Document.Create(GermanText(), "drop/de/fortunes.txt", "file", "{}");
        var broken = Document.Create(brown[3].Text, "drop/brown/broken-metadata", "file", "[1, 2, 3]");
        var keptExpected = new[] { planted, brown[1], brown[2] };
        var input = await WriteInputShardAsync(lake, sourceSha, [planted, german, brown[1], broken, brown[2]]);

        var settings = servers.ServiceSettings();
        settings["SafetyFilter:Toxicity:WordListFolder"] = wordLists;
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var worker = Hosts.SafetyFilterWorker(settings);
        var attempts = new ConsumeAttempts();
        worker.Services.GetRequiredService<IBus>().ConnectConsumeObserver(attempts);
        await worker.StartAsync();
        var deduplicated = new Deduplicated
        {
            Source = new SourceObjectRef { Key = "drop/a-dropped-object", Sha256 = sourceSha, ByteCount = 16 },
            Input = input with { Key = "docs/raw/" + sourceSha + "/unused.parquet" },
            Output = input,
            StageConfigHash = new string('0', 64),
            OccurredAt = DateTimeOffset.UtcNow,
        };
        var bus = recorder.Services.GetRequiredService<IBus>();
        await bus.Publish(deduplicated);
        await events.WaitUntilAsync(e => !e.Cleaned.IsEmpty, Patience, "the shard to be cleaned");
        var cleaned = Assert.Single(events.Cleaned);

        // The clean shard: the kept documents in input order, the planted address redacted, lineage in the footer.
        Assert.Equal(sourceSha, cleaned.Source.Sha256);
        Assert.Equal(input, cleaned.Input);
        Assert.StartsWith($"docs/clean/{input.Sha256[..32]}-{cleaned.StageConfigHash[..16]}-", cleaned.Output.Key, StringComparison.Ordinal);
        var cleanBytes = await LakeContents.ReadAllAsync(lake, cleaned.Output.Key);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(cleanBytes)), cleaned.Output.Sha256);
        Assert.Equal(cleanBytes.Length, cleaned.Output.ByteCount);
        var clean = DocumentShardReader.ReadDocuments(new MemoryStream(cleanBytes), cleaned.Output.Key).ToList();
        Assert.Equal(keptExpected.Select(d => d.Id), clean.Select(d => d.Id));
        Assert.Equal(clean.Count, cleaned.Output.RecordCount);
        Assert.DoesNotContain(PlantedEmail, clean[0].Text, StringComparison.Ordinal);
        Assert.Contains("<EMAIL>", clean[0].Text, StringComparison.Ordinal);
        Assert.All(clean, d => Assert.Equal(DocumentIdentity.ContentHash(d.Text), d.ContentHash));
        Assert.All(clean, d => Assert.Equal("en", JsonDocument.Parse(d.Metadata).RootElement.GetProperty("language").GetString()));
        var footer = DocumentShardReader.ReadFooter(new MemoryStream(cleanBytes), cleaned.Output.Key);
        Assert.Equal(new ShardLineage("safety-filter", input.Key, input.Sha256, cleaned.StageConfigHash), footer.Lineage);

        // Counts per rule and per PII type; the event never carries the planted value.
        Assert.Equal(new Dictionary<string, long> { ["language"] = 1, ["rule-error"] = 1 }, cleaned.RemovedByReason);
        Assert.True(cleaned.RedactedByKind.GetValueOrDefault("email") >= 1, string.Join(", ", cleaned.RedactedByKind));
        Assert.DoesNotContain(PlantedEmail, JsonSerializer.Serialize(cleaned), StringComparison.Ordinal);

        // Every dropped document is under rejected/safety-filter/<rule>/ with its measured value.
        Assert.Equal(2, cleaned.RejectedShards.Count);
        var rejected = new List<RejectedRecord>();
        foreach (var shard in cleaned.RejectedShards)
        {
            var bytes = await LakeContents.ReadAllAsync(lake, shard.Key);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), shard.Sha256);
            rejected.AddRange(DocumentShardReader.ReadRejected(new MemoryStream(bytes), shard.Key));
        }

        var language = Assert.Single(rejected, r => r.Reason == "language");
        Assert.Equal(german.Id, language.Id);
        Assert.Contains(cleaned.RejectedShards, s => s.Key.StartsWith("rejected/safety-filter/language/" + input.Sha256[..32], StringComparison.Ordinal));
        Assert.Contains("measured", language.Detail, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(language.Metadata).RootElement.GetProperty("safety_drop").GetProperty("value").GetDouble() >= 0);
        var error = Assert.Single(rejected, r => r.Reason == SafetyFilterStage.RuleErrorReason);
        Assert.Equal(broken.Id, error.Id);
        Assert.Contains("metadata", error.Detail, StringComparison.Ordinal);

        // A second delivery of the same event (its publisher published it twice) finds the stage's inbox record: it is
        // acknowledged without work, and nothing flows on.
        var before = await LakeContents.SnapshotAsync(lake);
        var consumedBefore = attempts.Consumed;
        await bus.Publish(deduplicated);
        await Polling.UntilAsync(() => Task.FromResult(attempts.Consumed > consumedBefore ? (bool?)true : null), "the second delivery to be consumed");
        Assert.Single(events.Cleaned);
        Assert.NotNull(await lake.GetInfoAsync(ShardInbox.Key(SafetyFilterStage.StageName, cleaned.StageConfigHash, input.Key)));
        Assert.Equal(WithoutInbox(before), WithoutInbox(await LakeContents.SnapshotAsync(lake)));

        // A re-run (sluice reprocess) works it again: the same keys with the same bytes, and the same event.
        await bus.Publish(deduplicated with { Rerun = true });
        await events.WaitUntilAsync(e => e.Cleaned.Count >= 2, Patience, "the re-run shard to be cleaned");
        var again = events.Cleaned.Last();
        Assert.True(again.Rerun);
        Assert.Equal(cleaned.Output, again.Output);
        Assert.Equal(cleaned.RejectedShards, again.RejectedShards);
        Assert.Equal(WithoutInbox(before), WithoutInbox(await LakeContents.SnapshotAsync(lake)));

        // A shard whose every document is dropped still gets a (readable, empty) clean shard.
        var allDropped = await WriteInputShardAsync(lake, sourceSha, [german], "all-dropped");
        await bus.Publish(deduplicated with { Output = allDropped });
        await events.WaitUntilAsync(e => e.Cleaned.Count >= 3, Patience, "the all-dropped shard to be cleaned");
        var empty = events.Cleaned.Last();
        Assert.Equal(allDropped, empty.Input);
        Assert.Equal(0, empty.Output.RecordCount);
        Assert.Empty(DocumentShardReader.ReadDocuments(new MemoryStream(await LakeContents.ReadAllAsync(lake, empty.Output.Key)), empty.Output.Key));
        Assert.Equal(new Dictionary<string, long> { ["language"] = 1 }, empty.RemovedByReason);

        await worker.StopAsync();
        await recorder.StopAsync();
    }

    [Fact]
    public async Task A_shard_whose_bytes_differ_from_its_message_is_quarantined_on_the_first_attempt_without_retries()
    {
        using var lakeHandle = (IDisposable)servers.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var sourceSha = Convert.ToHexStringLower(SHA256.HashData("a dropped object whose shard was damaged"u8));
        var input = await WriteInputShardAsync(lake, sourceSha, [Document.Create(GermanText(), "drop/de/fortunes.txt", "file", "{}")], "damaged");
        var claimed = input with { Sha256 = Convert.ToHexStringLower(SHA256.HashData("other bytes"u8)) };

        var settings = servers.ServiceSettings();
        settings["SafetyFilter:Toxicity:WordListFolder"] = RepoLayout.PeerPackage("naughty-words");
        settings["Bus:RetryLimit"] = "5";
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var worker = Hosts.SafetyFilterWorker(settings);
        var attempts = new ConsumeAttempts();
        worker.Services.GetRequiredService<IBus>().ConnectConsumeObserver(attempts);
        await worker.StartAsync();
        await recorder.Services.GetRequiredService<IBus>().Publish(new Deduplicated
        {
            Source = new SourceObjectRef { Key = "drop/damaged", Sha256 = sourceSha, ByteCount = 16 }, Input = claimed, Output = claimed, StageConfigHash = new string('0', 64), OccurredAt = DateTimeOffset.UtcNow,
        });
        await events.WaitUntilAsync(e => !e.Quarantined.IsEmpty, Patience, "the damaged shard to be quarantined");
        await worker.StopAsync();
        await recorder.StopAsync();

        var quarantined = Assert.Single(events.Quarantined);
        Assert.Equal(("safety-filter", "integrity", claimed), (quarantined.Stage, quarantined.Reason, quarantined.Input));
        Assert.Contains(input.Sha256, quarantined.Detail, StringComparison.Ordinal);
        var record = JsonSerializer.Deserialize<ShardQuarantined>(await LakeContents.ReadAllAsync(lake, quarantined.RecordKey), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal(quarantined with { SchemaVersion = record!.SchemaVersion }, record);
        Assert.StartsWith($"rejected/safety-filter/integrity/{claimed.Sha256[..32]}-", quarantined.RecordKey, StringComparison.Ordinal);
        Assert.Empty(events.Cleaned);
        Assert.Equal((1, 0), (attempts.Consumed, attempts.Faulted));
    }

    [Fact]
    public async Task In_tag_only_mode_every_document_is_kept_with_the_would_be_drop_in_its_metadata()
    {
        using var lakeHandle = (IDisposable)servers.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var sourceSha = Convert.ToHexStringLower(SHA256.HashData("a dropped object, tagged only"u8));
        var german = Document.Create(GermanText(), "drop/de/fortunes.txt", "file", "{}");
        var input = await WriteInputShardAsync(lake, sourceSha, [german], "tag-only");

        var settings = servers.ServiceSettings();
        settings["SafetyFilter:Toxicity:WordListFolder"] = RepoLayout.PeerPackage("naughty-words");
        settings["SafetyFilter:Stage:TagOnly"] = "true";
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var worker = Hosts.SafetyFilterWorker(settings);
        await worker.StartAsync();
        await recorder.Services.GetRequiredService<IBus>().Publish(new Deduplicated
        {
            Source = new SourceObjectRef { Key = "drop/tagged", Sha256 = sourceSha, ByteCount = 16 }, Input = input, Output = input, StageConfigHash = new string('0', 64), OccurredAt = DateTimeOffset.UtcNow,
        });
        await events.WaitUntilAsync(e => !e.Cleaned.IsEmpty, Patience, "the shard to be tagged");
        await worker.StopAsync();
        await recorder.StopAsync();

        var cleaned = Assert.Single(events.Cleaned);
        Assert.Empty(cleaned.RemovedByReason);
        Assert.Empty(cleaned.RejectedShards);
        Assert.Equal(1, cleaned.FlaggedByRule["language"]);
        var kept = Assert.Single(DocumentShardReader.ReadDocuments(new MemoryStream(await LakeContents.ReadAllAsync(lake, cleaned.Output.Key)), cleaned.Output.Key));
        Assert.Equal(german.Id, kept.Id);
        var metadata = JsonDocument.Parse(kept.Metadata).RootElement;
        Assert.Equal("de", metadata.GetProperty("language").GetString());
        Assert.Equal("language_not_kept", metadata.GetProperty("safety").GetProperty("language").GetProperty("drop_reason").GetString());
    }

    private static string GermanText()
    {
        var text = new StringBuilder();
        foreach (var fortune in Fortunes.Read("de"))
        {
            text.Append(fortune.Trim()).Append("\n\n");
            if (text.Length > 3000)
            {
                break;
            }
        }

        return text.ToString();
    }

    private static async Task<StoredObjectRef> WriteInputShardAsync(IObjectStore lake, string sourceSha, IEnumerable<Document> documents, string name = "test")
    {
        var lineage = new ShardLineage("dedupe", "docs/raw/" + sourceSha + "/unused.parquet", sourceSha, new string('1', 64));
        await using var writer = new DocumentShardWriter(new LakeShardSink(lake), lineage, part => $"docs/dedup/{sourceSha}/{name}-{part:D5}.parquet", new DocumentShardOptions());
        foreach (var document in documents)
        {
            await writer.WriteAsync(document);
        }

        var shard = Assert.Single(await writer.CompleteAsync());
        return new StoredObjectRef { Key = shard.Key, Sha256 = shard.Sha256, ByteCount = shard.ByteCount, RecordCount = shard.RowCount };
    }

    // The lake but the stage's inbox records (written just after each event, so a snapshot may be taken before one).
    private static List<string> WithoutInbox(List<string> snapshot) =>
        snapshot.Where(l => !l.StartsWith("state/safety-filter/inbox/", StringComparison.Ordinal)).ToList();
}
