using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Hosting;
using Sluice.Storage;
using Sluice.Tokenizer.Training;

namespace Sluice.Tokenize.Worker;

/// <summary>
/// Trains the policy's tokenizer once: waits until the cleaned shards reach the sample size or stop arriving, takes the
/// first <see cref="TokenizerPolicyOptions.SampleMegabytes"/> of text from them in key order (so the same lake gives the
/// same sample), trains, stores the tokenizer under <c>tokenizers/&lt;id&gt;/</c>, and only then writes the policy's
/// pointer. Requests are serialized: within a process by a lock, across replicas by the single-active-consumer
/// <c>tokenizer-training</c> queue; a request finding the pointer already written does nothing.
/// </summary>
internal sealed class TokenizerTrainingJob(
    TokenizeOptions options,
    TokenizerCatalog catalog,
    [FromKeyedServices(ObjectStoreNames.Lake)] IObjectStore lake,
    TimeProvider clock,
    ILogger<TokenizerTrainingJob> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly SemaphoreSlim gate = new(1, 1);
    private int trainings;

    /// <summary>How many tokenizers this process has trained (for the logs and the tests: two replicas must train one between them).</summary>
    public int TrainingCount => Volatile.Read(ref trainings);

    public async Task HandleAsync(TrainTokenizer request, CancellationToken cancellationToken)
    {
        if (request.PolicyHash != catalog.PolicyHash)
        {
            throw new InvalidOperationException(
                $"{request.RequestedBy} asked to train policy {request.PolicyHash}, but this replica is configured with policy {catalog.PolicyHash}: every tokenize replica must share Tokenize:Tokenizer");
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await catalog.ReadPointerAsync(cancellationToken).ConfigureAwait(false) is { } pointer)
            {
                logger.LogInformation("Policy {PolicyHash} already has tokenizer {TokenizerId}; nothing to train", pointer.PolicyHash, pointer.TokenizerId);
                return;
            }

            try
            {
                await TrainAndFreezeAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The failure note is how the worker that asked learns of it; its message then fails with this reason.
                logger.LogError(e, "Training the tokenizer of policy {PolicyHash} failed", catalog.PolicyHash);
                var reason = Encoding.UTF8.GetBytes($"{e.GetType().Name}: {e.Message}");
                await lake.PutAsync(TokenizeLakeKeys.TrainingFailure(catalog.PolicyHash, request.RequestId), new MemoryStream(reason), cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task TrainAndFreezeAsync(TrainTokenizer request, CancellationToken cancellationToken)
    {
        var policy = options.Tokenizer;
        var sampleBytes = (long)policy.SampleMegabytes << 20;
        var shards = await WaitForSampleAsync(sampleBytes, cancellationToken).ConfigureAwait(false);
        var texts = new List<string>();
        var usedShards = new List<string>();
        var utf8Bytes = 0L;
        foreach (var shard in shards)
        {
            if (utf8Bytes >= sampleBytes)
            {
                break;
            }

            usedShards.Add(shard.Key);
            await using var copy = await lake.SpoolAsync(shard.Key, cancellationToken).ConfigureAwait(false)
                ?? throw new ObjectNotFoundException(lake.Description, shard.Key);
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
            throw new InvalidOperationException($"there is no cleaned text to train on ({shards.Count} cleaned shard(s) under {TokenizeLakeKeys.CleanPrefix}, none with a document)");
        }

        logger.LogInformation(
            "Training a {VocabularySize}-id tokenizer for policy {PolicyHash} (asked by {RequestedBy}) on {DocCount} documents, {Utf8Bytes} bytes from {ShardCount} cleaned shard(s)",
            policy.VocabularySize, catalog.PolicyHash, request.RequestedBy, texts.Count, utf8Bytes, usedShards.Count);
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
        // Only one bus serializes training; a second embedded run on the same lake has its own. A pointer that appeared
        // meanwhile wins, so a frozen choice is never replaced.
        if (await catalog.ReadPointerAsync(cancellationToken).ConfigureAwait(false) is { } frozen)
        {
            logger.LogWarning("Policy {PolicyHash} was frozen to {TokenizerId} while this process trained {OwnId}; keeping the frozen one", catalog.PolicyHash, frozen.TokenizerId, tokenizer.Id);
            return;
        }

        var pointer = JsonSerializer.SerializeToUtf8Bytes(new PolicyPointer(catalog.PolicyHash, tokenizer.Id), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        await lake.PutAsync(TokenizeLakeKeys.PolicyPointer(catalog.PolicyHash), new MemoryStream(pointer), cancellationToken: cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "Froze tokenizer {TokenizerId} ({VocabularySize} ids, {MergeCount} merges) for policy {PolicyHash} after {ElapsedMs} ms",
            tokenizer.Id, tokenizer.VocabularySize, result.Merges.Count, catalog.PolicyHash, (long)clock.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<IReadOnlyList<ObjectInfo>> WaitForSampleAsync(long sampleBytes, CancellationToken cancellationToken)
    {
        var settle = TimeSpan.FromSeconds(options.Tokenizer.SettleSeconds);
        var lastSignature = (Count: -1, Bytes: -1L);
        var lastChange = clock.GetTimestamp();
        while (true)
        {
            var shards = new List<ObjectInfo>();
            await foreach (var item in lake.ListAsync(TokenizeLakeKeys.CleanPrefix, cancellationToken).ConfigureAwait(false))
            {
                shards.Add(item);
            }

            var signature = (shards.Count, shards.Sum(s => s.ByteCount));
            if (signature.Item2 >= sampleBytes)
            {
                return shards;
            }

            if (signature != lastSignature)
            {
                lastSignature = signature;
                lastChange = clock.GetTimestamp();
            }

            if (clock.GetElapsedTime(lastChange) >= settle)
            {
                return shards;
            }

            await Task.Delay(PollInterval, clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
