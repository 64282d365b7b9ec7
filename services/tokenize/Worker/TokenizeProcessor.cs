using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Hosting;
using Sluice.Storage;
using Sluice.Tokenizer;
using Sluice.Tokenizer.Shards;

namespace Sluice.Tokenize.Worker;

/// <summary>
/// Tokenizes one cleaned shard end to end: gets the policy's tokenizer, reads the shard from the lake (checking its
/// hash), runs <see cref="TokenizeStage"/> into a scratch folder, puts every token shard and document index into the
/// lake under <c>tokens/&lt;tokenizer-id&gt;/{train,val}/</c> (checking each against the bytes written), sets skipped
/// documents aside under <c>rejected/tokenize/&lt;reason&gt;/</c>, then publishes <see cref="Tokenized"/>.
/// </summary>
internal sealed class TokenizeProcessor(
    TokenizeOptions options,
    TokenizerCatalog catalog,
    [FromKeyedServices(ObjectStoreNames.Lake)] IObjectStore lake,
    TimeProvider clock,
    ILogger<TokenizeProcessor> logger)
{
    /// <summary>The stage's name in keys, footers and logs.</summary>
    public const string StageName = "tokenize";

    private static readonly DocumentShardOptions SingleShard = new() { TargetShardBytes = long.MaxValue / 2 };

    /// <summary>SHA-256 of what decides the output bytes: the tokenizer, the validation fraction and the shard size.</summary>
    public string ConfigHash(string tokenizerId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture, $"tokenize/1;tokenizer={tokenizerId};validation={options.ValidationFraction:R};shard-tokens={options.ShardTokens}"))));

    /// <summary>Tokenizes the shard <paramref name="cleaned"/> names and publishes <see cref="Tokenized"/>; returns null when the shard is no longer in the lake.</summary>
    public async Task<Tokenized?> TokenizeAsync(Cleaned cleaned, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        using var activity = SluiceTelemetry.ActivitySource.StartActivity("tokenize " + cleaned.Output.Key);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Stage"] = StageName, ["ShardKey"] = cleaned.Output.Key, ["SourceHash"] = cleaned.SourceSha256 });
        var tokenizer = await catalog.GetAsync(publisher, cancellationToken).ConfigureAwait(false);
        var tokenized = await WriteAsync(cleaned, tokenizer, cancellationToken).ConfigureAwait(false);
        if (tokenized is not null)
        {
            await publisher.Publish(tokenized, cancellationToken).ConfigureAwait(false);
        }

        return tokenized;
    }

    /// <summary>
    /// Everything but the bus: reads the cleaned shard, writes and verifies the token shards and the set-aside documents,
    /// and returns the event to publish (null when the shard is no longer in the lake).
    /// </summary>
    public async Task<Tokenized?> WriteAsync(Cleaned cleaned, BpeTokenizer tokenizer, CancellationToken cancellationToken)
    {
        var input = cleaned.Output;
        var configHash = ConfigHash(tokenizer.Id);
        await using var spool = await lake.SpoolVerifiedAsync(input, cancellationToken).ConfigureAwait(false);
        if (spool is null)
        {
            logger.LogWarning("Shard {ShardKey} is no longer in {Store}; nothing to tokenize", input.Key, lake.Description);
            return null;
        }

        var scratch = Directory.CreateTempSubdirectory("sluice-tokenize-");
        try
        {
            var skipped = new List<(Document Document, string Reason)>();
            var stage = new TokenizeStage(tokenizer, options);
            var result = stage.Run(
                DocumentShardReader.ReadDocuments(spool, input.Key),
                (split, part) => Path.Combine(scratch.FullName, split == TokenSplit.Validation ? "val" : "train", part.ToString("D5", CultureInfo.InvariantCulture) + TokenShardLayout.TokenFileExtension),
                (document, reason) => skipped.Add((document, reason)),
                cancellationToken);

            var train = await PutSplitAsync(result.Train, tokenizer, input, configHash, cancellationToken).ConfigureAwait(false);
            var validation = await PutSplitAsync(result.Validation, tokenizer, input, configHash, cancellationToken).ConfigureAwait(false);
            var rejectedRefs = await SetAsideAsync(skipped, input, configHash, cancellationToken).ConfigureAwait(false);
            logger.LogInformation(
                "Tokenized {ShardKey} with {TokenizerId}: train {TrainDocs} docs / {TrainTokens} tokens in {TrainShards} shard(s), validation {ValDocs} docs / {ValTokens} tokens, {SkippedCount} skipped",
                input.Key, tokenizer.Id, train.DocumentCount, train.TokenCount, train.Shards.Count, validation.DocumentCount, validation.TokenCount, skipped.Count);
            return new Tokenized
            {
                SourceSha256 = cleaned.SourceSha256,
                Input = input,
                TokenizerId = tokenizer.Id,
                Train = train,
                Validation = validation,
                SkippedByReason = result.SkippedByReason,
                RejectedShards = rejectedRefs,
                StageConfigHash = configHash,
                OccurredAt = clock.GetUtcNow(),
            };
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private async Task<TokenSplitOutput> PutSplitAsync(IReadOnlyList<WrittenTokenShard> shards, BpeTokenizer tokenizer, StoredObjectRef input, string configHash, CancellationToken cancellationToken)
    {
        var refs = new List<TokenShardRef>();
        foreach (var shard in shards)
        {
            var key = TokenizeLakeKeys.TokenShard(tokenizer.Id, shard.Split, input.Sha256, configHash, shard.Part);
            var documents = await PutFileAsync(TokenShardLayout.IndexPathFor(key), shard.IndexPath, shard.DocumentCount, cancellationToken).ConfigureAwait(false);
            var tokens = await PutFileAsync(key, shard.TokenPath, shard.TokenCount, cancellationToken).ConfigureAwait(false);
            refs.Add(new TokenShardRef { Tokens = tokens, Documents = documents });
        }

        return new TokenSplitOutput
        {
            TokenCount = shards.Sum(s => s.TokenCount),
            DocumentCount = shards.Sum(s => (long)s.DocumentCount),
            Shards = refs,
        };
    }

    private async Task<StoredObjectRef> PutFileAsync(string key, string path, long records, CancellationToken cancellationToken)
    {
        string sha;
        await using (var file = File.OpenRead(path))
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }

        var length = new FileInfo(path).Length;
        await using (var file = File.OpenRead(path))
        {
            await lake.PutAsync(key, file, sha, cancellationToken).ConfigureAwait(false);
        }

        var stored = await lake.GetInfoAsync(key, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.ByteCount != length || (stored.Sha256 is { } storedSha && storedSha != sha))
        {
            throw new ObjectIntegrityException(lake.Description, key,
                $"after writing {length} bytes with SHA-256 {sha} the lake holds {(stored is null ? "nothing" : $"{stored.ByteCount} bytes with SHA-256 {stored.Sha256}")}");
        }

        return new StoredObjectRef { Key = key, Sha256 = sha, ByteCount = length, RecordCount = records };
    }

    private async Task<IReadOnlyList<StoredObjectRef>> SetAsideAsync(List<(Document Document, string Reason)> skipped, StoredObjectRef input, string configHash, CancellationToken cancellationToken)
    {
        if (skipped.Count == 0)
        {
            return [];
        }

        var lineage = new ShardLineage(StageName, input.Key, input.Sha256, configHash);
        IReadOnlyList<ShardInfo> written;
        await using (var rejected = new RejectedShardWriter(new LakeShardSink(lake), lineage, (reason, part) => LakeKeys.Rejected(StageName, reason, input.Sha256, configHash, part), SingleShard))
        {
            foreach (var (document, reason) in skipped)
            {
                logger.LogWarning("Document {DocumentId} of {ShardKey} produced no tokens ({Reason}); set aside under rejected/{Stage}/{Reason}/", document.Id, input.Key, reason, StageName, reason);
                await rejected.WriteAsync(
                    new RejectedRecord(document.Id, StageName, reason, reason == TokenizeStage.EmptyTextReason ? "the document has no text" : "another document of the same shard has this id",
                        document.Source, string.Empty, document.Text, document.Metadata, document.ContentHash, Encoding.UTF8.GetByteCount(document.Text)),
                    cancellationToken).ConfigureAwait(false);
            }

            written = await rejected.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var refs = new List<StoredObjectRef>();
        foreach (var shard in written)
        {
            refs.Add(await lake.VerifyShardAsync(shard, cancellationToken).ConfigureAwait(false));
        }

        return refs;
    }
}
