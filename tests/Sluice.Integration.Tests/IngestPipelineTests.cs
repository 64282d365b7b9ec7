using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Ingest.Worker;
using Sluice.Storage;

namespace Sluice.Integration.Tests;

/// <summary>
/// The ingest worker against a real RabbitMQ and a real S3 server on loopback: files dropped into the bucket become
/// document shards, quarantine shards and events, exactly once.
/// </summary>
public sealed class IngestPipelineTests(LoopbackServers servers) : IClassFixture<LoopbackServers>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Dropped_files_become_shards_and_events_exactly_once_and_dropping_them_again_creates_nothing()
    {
        var sample = SampleDrop.Create(brownOffset: 0);
        using var drop = (IDisposable)servers.Bucket("drop");
        using var lakeHandle = (IDisposable)servers.Bucket("lake");
        var dropStore = (IObjectStore)drop;
        var lake = (IObjectStore)lakeHandle;
        foreach (var item in sample.Objects)
        {
            await dropStore.PutAsync(item.Key, new MemoryStream(item.Bytes));
        }

        // An object whose name is no usable key (a hidden folder), put by another S3 client: quarantined, not skipped.
        const string hiddenName = ".drafts/notes.txt";
        using (var raw = servers.RawS3Client())
        {
            await raw.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "drop", Key = hiddenName, ContentBody = "draft notes", UseChunkEncoding = false });
        }

        var settings = servers.ServiceSettings();
        settings["DropWatch:ScanIntervalSeconds"] = "1";
        settings["Ingest:Shards:TargetShardBytes"] = "8192";
        settings["Ingest:Shards:RowGroupTargetBytes"] = "4096";
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var worker = Hosts.IngestWorker(settings);
        await worker.StartAsync();

        await events.WaitUntilAsync(e => e.SourceIngested.Count >= sample.Objects.Count, Patience, "every dropped object to be ingested");
        var deadline = DateTime.UtcNow + Patience;
        while ((await ListKeysAsync(lake, "rejected/ingest/invalid-key/")).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{hiddenName} was not quarantined within {Patience}");
            await Task.Delay(100);
        }

        // Every good document is in the shards exactly once, with its source.
        var documents = await ReadDocumentsAsync(lake);
        Assert.Equal(sample.ExpectedDocuments, documents.Count);
        Assert.Equal(documents.Count, documents.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var item in sample.Objects)
        {
            var fromItem = documents.Where(d => d.Source == item.Key).ToList();
            Assert.True(item.Phrases.Count == fromItem.Count, $"{item.Key}: expected {item.Phrases.Count} documents, found {fromItem.Count}");
            foreach (var phrase in item.Phrases)
            {
                Assert.True(fromItem.Any(d => d.Text.Contains(phrase, StringComparison.Ordinal)), $"{item.Key}: no document contains \"{phrase}\"");
            }
        }

        Assert.DoesNotContain(documents, d => d.Text.Contains("should never reach a document", StringComparison.Ordinal));

        // Every bad object or record is quarantined under its reason.
        var rejected = await ReadRejectedAsync(lake);
        foreach (var item in sample.Objects.Where(o => o.QuarantineReason is not null))
        {
            Assert.True(
                rejected.Any(r => r.Source == item.Key && r.Reason == item.QuarantineReason && r.Stage == "ingest"),
                $"{item.Key}: no record quarantined as {item.QuarantineReason}; found: {string.Join(", ", rejected.Where(r => r.Source == item.Key).Select(r => r.Reason))}");
        }

        Assert.Contains(rejected, r => r.Source == hiddenName && r.Reason == "invalid-key" && r.Detail.Contains("'.'", StringComparison.Ordinal));

        // DataArrived: one per document shard, with the shard's true hash, size and count, and the source's true hash.
        var shardKeys = await ListKeysAsync(lake, "docs/raw/");
        Assert.Equal(shardKeys.Order(StringComparer.Ordinal), events.DataArrived.Select(e => e.Shard.Key).Order(StringComparer.Ordinal));
        Assert.True(shardKeys.Count > sample.Objects.Count(o => o.Phrases.Count > 0), "small target shards split at least one source into several shards");
        foreach (var arrived in events.DataArrived)
        {
            var item = sample.Objects.Single(o => o.Key == arrived.Source.Key);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(item.Bytes)), arrived.Source.Sha256);
            Assert.Equal(item.Bytes.Length, arrived.Source.ByteCount);
            var bytes = await LakeContents.ReadAllAsync(lake, arrived.Shard.Key);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), arrived.Shard.Sha256);
            Assert.Equal(bytes.Length, arrived.Shard.ByteCount);
            var inShard = DocumentShardReader.ReadDocuments(new MemoryStream(bytes), arrived.Shard.Key).ToList();
            Assert.Equal(inShard.Count, arrived.Shard.RecordCount);
            Assert.All(inShard, d => Assert.Equal(arrived.Source.Key, d.Source));
            Assert.InRange(arrived.ShardIndex, 0, arrived.ShardCount - 1);
            Assert.Equal(arrived.ShardCount, events.DataArrived.Count(e => e.Source.Key == arrived.Source.Key));
            Assert.Equal(MessageSchema.Current, arrived.SchemaVersion);
        }

        Assert.Equal(sample.ExpectedDocuments, events.DataArrived.Sum(e => e.Shard.RecordCount));
        var jsonl = events.SourceIngested.Single(s => s.Source.Key == "records/fortunes.jsonl");
        Assert.Equal(1, jsonl.RemovedByReason["invalid-json"]);
        Assert.All(events.DataArrived.Where(e => e.Source.Key == "records/fortunes.jsonl"), e => Assert.Equal(1, e.RemovedByReason["invalid-json"]));

        // The same bytes dropped again, under new names: nothing new in the lake, no new DataArrived; only an empty
        // object, which has no bytes to be recognised by, is quarantined again under its own name.
        var lakeBefore = await SnapshotAsync(lake);
        var arrivedBefore = events.DataArrived.Count;
        foreach (var item in sample.Objects)
        {
            await dropStore.PutAsync("again/" + item.Key, new MemoryStream(item.Bytes));
        }

        await events.WaitUntilAsync(e => e.SourceIngested.Count(s => s.Source.Key.StartsWith("again/", StringComparison.Ordinal)) >= sample.Objects.Count, Patience, "the second drop to be seen");
        var again = events.SourceIngested.Where(s => s.Source.Key.StartsWith("again/", StringComparison.Ordinal)).ToList();
        Assert.All(again.Where(s => s.Source.ByteCount > 0), s => Assert.True(s.AlreadyIngested, s.Source.Key));
        var emptyAgain = again.Where(s => s.Source.ByteCount == 0).ToList();
        Assert.NotEmpty(emptyAgain);
        Assert.All(emptyAgain, s => Assert.Equal((false, 1L), (s.AlreadyIngested, s.RemovedByReason.GetValueOrDefault("empty-file"))));
        Assert.Equal(arrivedBefore, events.DataArrived.Count);
        var lakeAfter = await SnapshotAsync(lake);
        Assert.Equal(lakeBefore, lakeAfter.Intersect(lakeBefore));
        var added = lakeAfter.Except(lakeBefore).ToList();
        Assert.Equal(emptyAgain.Count * 2, added.Count);
        Assert.All(added, k => Assert.True(k.StartsWith("rejected/ingest/empty-file/", StringComparison.Ordinal) || k.StartsWith("state/ingest/sources/", StringComparison.Ordinal), k));

        await worker.StopAsync();
        await recorder.StopAsync();

        // The scanner's cursor is durable: a restarted worker finds nothing new to send.
        await using var restarted = Hosts.IngestWorker(settings);
        Assert.Equal(0, await restarted.Services.GetRequiredService<DropScanner>().ScanOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_MinIO_bucket_notification_delivered_to_RabbitMQ_gets_the_object_ingested()
    {
        var sample = SampleDrop.Create(brownOffset: 20);
        var item = sample.Objects.First(o => o.Key == "news/brown-1.txt");
        var key = "minio/" + "Brown sample one.txt";
        using var drop = (IDisposable)servers.Bucket("drop");
        await ((IObjectStore)drop).PutAsync(key, new MemoryStream(item.Bytes));

        var settings = servers.ServiceSettings();
        settings["DropWatch:ScanIntervalSeconds"] = "0";
        settings["DropWatch:MinioExchange"] = "minio-events";
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var worker = Hosts.IngestWorker(settings);
        await worker.StartAsync();

        // What MinIO publishes for a PUT into the drop bucket (its AMQP target, S3 event format, URL-encoded key).
        var notification = $$$$"""
            {"EventName":"s3:ObjectCreated:Put","Key":"drop/minio/Brown+sample+one.txt","Records":[{"eventVersion":"2.0","eventSource":"minio:s3",
             "eventName":"s3:ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","configurationId":"Config",
             "bucket":{"name":"drop","arn":"arn:aws:s3:::drop"},
             "object":{"key":"minio%2FBrown+sample+one.txt","size":{{{{item.Bytes.Length}}}},"eTag":"{{{{Convert.ToHexStringLower(MD5.HashData(item.Bytes))}}}}","contentType":"text/plain"}}}]}
            """;
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = servers.Rabbit.AmqpPort, UserName = servers.Rabbit.Username, Password = servers.Rabbit.Password };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.BasicPublishAsync("minio-events", string.Empty, false, new BasicProperties { ContentType = "application/json" }, Encoding.UTF8.GetBytes(notification));
        }

        await events.WaitUntilAsync(e => e.SourceIngested.Any(s => s.Source.Key == key), Patience, "the notified object to be ingested");
        var ingested = events.SourceIngested.Single(s => s.Source.Key == key);
        Assert.False(ingested.AlreadyIngested);
        Assert.Equal(1, ingested.DocumentCount);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(item.Bytes)), ingested.Source.Sha256);
        Assert.Contains(events.DataArrived, e => e.Source.Key == key);
        await worker.StopAsync();
        await recorder.StopAsync();
    }


    private static async Task<List<string>> ListKeysAsync(IObjectStore store, string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(prefix))
        {
            keys.Add(item.Key);
        }

        return keys;
    }

    private static async Task<List<Document>> ReadDocumentsAsync(IObjectStore lake)
    {
        var documents = new List<Document>();
        foreach (var key in await ListKeysAsync(lake, "docs/raw/"))
        {
            documents.AddRange(DocumentShardReader.ReadDocuments(new MemoryStream(await LakeContents.ReadAllAsync(lake, key)), key));
        }

        return documents;
    }

    private static async Task<List<RejectedRecord>> ReadRejectedAsync(IObjectStore lake)
    {
        var records = new List<RejectedRecord>();
        foreach (var key in await ListKeysAsync(lake, "rejected/ingest/"))
        {
            records.AddRange(DocumentShardReader.ReadRejected(new MemoryStream(await LakeContents.ReadAllAsync(lake, key)), key));
        }

        return records;
    }

    private static async Task<List<string>> SnapshotAsync(IObjectStore lake)
    {
        var snapshot = new List<string>();
        await foreach (var item in lake.ListAsync(string.Empty))
        {
            if (item.Key != DropCursor.Key)
            {
                snapshot.Add($"{item.Key} {item.Sha256} {item.ByteCount}");
            }
        }

        return snapshot;
    }
}
