using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;
using Sluice.Stages;
using Sluice.Storage;
using Sluice.Tokenizer.Training;

namespace Sluice.Tokenize.Worker;

/// <summary>
/// The tokenizer-training job of a policy that trains on the data (docs/jobs.md). The cleaned shards that found no
/// tokenizer wait on it; it waits (under its lease, holding no message) until they reach the sample size or stop
/// arriving, takes the first <see cref="TokenizerPolicyOptions.SampleMegabytes"/> of their text in key order, trains,
/// stores the tokenizer under <c>tokenizers/&lt;id&gt;/</c> and only then writes the policy's pointer. Its announcement,
/// <see cref="TokenizerTrained"/>, sends every waiting shard back to tokenize; <see cref="TokenizerTrainingFailed"/>
/// leaves them waiting for the next attempt.
/// </summary>
internal sealed class TokenizerTrainingJob(
    TokenizeOptions options,
    TokenizerCatalog catalog,
    [FromKeyedServices(ObjectStoreNames.Lake)] IObjectStore lake,
    TimeProvider clock,
    ILogger<TokenizerTrainingJob> logger) : IJobHandler
{
    /// <summary>The job kind.</summary>
    public const string JobKind = "tokenizer-training";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private int trainings;

    public string Kind => JobKind;

    /// <summary>How many tokenizers this process has trained (two replicas must train one between them).</summary>
    public int TrainingCount => Volatile.Read(ref trainings);

    /// <summary>The payload of the policy's job.</summary>
    public string Payload => JsonSerializer.Serialize(new TokenizerTrainingRequest(catalog.PolicyHash), Json);

    public async Task<JobOutcome> RunAsync(JobRecord job, IJobStore store, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<TokenizerTrainingRequest>(job.Payload, Json)!;
        if (request.PolicyHash != catalog.PolicyHash)
        {
            return JobOutcome.Failure($"the job trains policy {request.PolicyHash}, but this replica is configured with policy {catalog.PolicyHash}: every tokenize replica must share Tokenize:Tokenizer");
        }

        if (await catalog.ReadPointerAsync(cancellationToken).ConfigureAwait(false) is { } pointer)
        {
            return JobOutcome.Success(pointer.TokenizerId);
        }

        var policy = options.Tokenizer;
        var sampleBytes = (long)policy.SampleMegabytes << 20;
        var shards = await WaitForSampleAsync(job.JobId, store, sampleBytes, cancellationToken).ConfigureAwait(false);
        var texts = new List<string>();
        var usedShards = new List<string>();
        var utf8Bytes = 0L;
        foreach (var shard in shards)
        {
            if (utf8Bytes >= sampleBytes)
            {
                break;
            }

            await using var copy = await SpoolAsync(shard, cancellationToken).ConfigureAwait(false);
            if (copy is null)
            {
                continue;
            }

            usedShards.Add(shard.Key);
            foreach (var document in DocumentShardReader.ReadDocuments(copy, shard.Key))
            {
                if (document.Text.Length == 0)
                {
                    continue;
                }

                texts.Add(document.Text);
                utf8Bytes += Encoding.UTF8.GetByteCount(document.Text);
                if (utf8Bytes >= sampleBytes)
                {
                    break;
                }
            }
        }

        if (texts.Count == 0)
        {
            return JobOutcome.Failure($"there is no cleaned text to train on ({shards.Count} cleaned shard(s) waited for the tokenizer, none with a document)");
        }

        logger.LogInformation(
            "Training a {VocabularySize}-id tokenizer for policy {PolicyHash} on {DocCount} documents, {Utf8Bytes} bytes from {ShardCount} cleaned shard(s)",
            policy.VocabularySize, catalog.PolicyHash, texts.Count, utf8Bytes, usedShards.Count);
        var started = clock.GetTimestamp();
        var result = new BpeTrainer(new BpeTrainerOptions
        {
            VocabularySize = policy.VocabularySize,
            MinimumPairFrequency = policy.MinimumPairFrequency,
            Pattern = policy.NormalizedPattern,
            Name = $"sluice-bpe-{policy.VocabularySize}",
        }).Train(texts);
        Interlocked.Increment(ref trainings);
        var tokenizer = result.Tokenizer;
        await catalog.StoreAsync(
            tokenizer,
            TokenizerManifest.Describe(tokenizer, "trained", catalog.PolicyHash) with
            {
                Policy = policy.Describe(),
                SampleShardKeys = usedShards,
                SampleDocuments = texts.Count,
                SampleUtf8Bytes = utf8Bytes,
                Merges = result.Merges.Count,
            },
            cancellationToken).ConfigureAwait(false);
        var frozen = await catalog.FreezeAsync(tokenizer.Id, cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "Froze tokenizer {TokenizerId} ({VocabularySize} ids, {MergeCount} merges) for policy {PolicyHash} after {ElapsedMs} ms",
            frozen, tokenizer.VocabularySize, result.Merges.Count, catalog.PolicyHash, (long)clock.GetElapsedTime(started).TotalMilliseconds);
        return JobOutcome.Success(frozen);
    }

    public async Task AnnounceAsync(JobRecord job, IJobStore store, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (job.State == JobState.Succeeded)
        {
            await publisher.Publish(
                new TokenizerTrained { JobId = job.JobId, PolicyHash = catalog.PolicyHash, TokenizerId = job.Outcome!, OccurredAt = clock.GetUtcNow() },
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var waiting = await store.WaitersAsync(job.JobId, cancellationToken).ConfigureAwait(false);
        await publisher.Publish(
            new TokenizerTrainingFailed
            {
                JobId = job.JobId,
                PolicyHash = catalog.PolicyHash,
                Reason = job.Outcome ?? "unknown",
                WaitingShardKeys = waiting.Select(w => w.Key).ToList(),
                OccurredAt = clock.GetUtcNow(),
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<StoredObjectRef>> WaitForSampleAsync(string jobId, IJobStore store, long sampleBytes, CancellationToken cancellationToken)
    {
        var settle = TimeSpan.FromSeconds(options.Tokenizer.SettleSeconds);
        var lastCount = -1;
        var lastChange = clock.GetTimestamp();
        while (true)
        {
            var shards = (await store.WaitersAsync(jobId, cancellationToken).ConfigureAwait(false))
                .Select(w => JsonSerializer.Deserialize<Cleaned>(w.Payload, Json)!.Output)
                .OrderBy(s => s.Key, StringComparer.Ordinal)
                .ToList();
            if (shards.Sum(s => s.ByteCount) >= sampleBytes)
            {
                return shards;
            }

            if (shards.Count != lastCount)
            {
                lastCount = shards.Count;
                lastChange = clock.GetTimestamp();
            }

            if (clock.GetElapsedTime(lastChange) >= settle)
            {
                return shards;
            }

            await Task.Delay(PollInterval, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Stream?> SpoolAsync(StoredObjectRef shard, CancellationToken cancellationToken)
    {
        try
        {
            var spool = await lake.SpoolVerifiedAsync(shard, cancellationToken).ConfigureAwait(false);
            if (spool is null)
            {
                logger.LogWarning("Cleaned shard {ShardKey} is not in {Store}; training without it", shard.Key, lake.Description);
            }

            return spool;
        }
        catch (ObjectIntegrityException e)
        {
            // Tokenize quarantines the shard when it gets to it; the sample just leaves it out.
            logger.LogWarning("Cleaned shard {ShardKey} does not match its message ({Problem}); training without it", shard.Key, e.Message);
            return null;
        }
    }
}
