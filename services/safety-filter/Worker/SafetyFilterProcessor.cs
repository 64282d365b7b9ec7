using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Hosting;
using Sluice.Storage;

namespace Sluice.SafetyFilter.Worker;

/// <summary>
/// Filters one deduplicated shard end to end: reads it from the lake (checking its hash), runs the rules on every
/// document, writes the kept documents to <c>docs/clean/…</c> and the dropped ones to
/// <c>rejected/safety-filter/&lt;rule&gt;/…</c>, checks every written shard in the lake, then publishes <see cref="Cleaned"/>.
/// A document that makes a rule throw is kept aside under <c>rejected/safety-filter/rule-error/</c> and the shard goes on.
/// </summary>
internal sealed class SafetyFilterProcessor(
    SafetyStageFactory stages,
    [FromKeyedServices(ObjectStoreNames.Lake)] IObjectStore lake,
    TimeProvider clock,
    ILogger<SafetyFilterProcessor> logger)
{
    /// <summary>The stage's name in keys, footers and logs.</summary>
    public const string StageName = "safety-filter";

    /// <summary>The rejection folder of documents a rule failed on.</summary>
    public const string RuleErrorReason = "rule-error";

    private static readonly DocumentShardOptions SingleShard = new() { TargetShardBytes = long.MaxValue / 2 };

    /// <summary>The key of the cleaned shard: <c>docs/clean/&lt;source-hash&gt;/&lt;input-hash[..32]&gt;-&lt;config-hash[..16]&gt;.parquet</c>.</summary>
    public static string CleanKey(string sourceHash, string inputHash, string configHash) =>
        $"docs/clean/{sourceHash}/{inputHash[..Math.Min(32, inputHash.Length)]}-{configHash[..16]}.parquet";

    /// <summary>Filters the shard <paramref name="deduplicated"/> names; returns null when it is no longer in the lake.</summary>
    public async Task<Cleaned?> CleanAsync(Deduplicated deduplicated, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var input = deduplicated.Output;
        using var activity = SluiceTelemetry.ActivitySource.StartActivity("safety-filter " + input.Key);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Stage"] = StageName, ["ShardKey"] = input.Key, ["SourceHash"] = deduplicated.SourceSha256 });
        var configHash = stages.ConfigHash;
        var lineage = new ShardLineage(StageName, input.Key, input.Sha256, configHash);
        var sink = new LakeShardSink(lake);
        var stage = stages.Create();
        var removed = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var ruleErrors = 0L;

        await using var spool = await lake.SpoolVerifiedAsync(input, cancellationToken).ConfigureAwait(false);
        if (spool is null)
        {
            logger.LogWarning("Shard {ShardKey} is no longer in {Store}; nothing to filter", input.Key, lake.Description);
            return null;
        }

        IReadOnlyList<ShardInfo> keptShards;
        IReadOnlyList<ShardInfo> rejectedShards;
        await using (var kept = new DocumentShardWriter(sink, lineage, _ => CleanKey(deduplicated.SourceSha256, input.Sha256, configHash), SingleShard))
        await using (var rejected = new RejectedShardWriter(sink, lineage, (reason, part) => LakeKeys.Rejected(StageName, reason, input.Sha256, configHash, part), SingleShard))
        {
            foreach (var document in DocumentShardReader.ReadDocuments(spool, input.Key))
            {
                StageOutcome outcome;
                try
                {
                    outcome = stage.Process(new SafetyDocument(document.Id, document.Text, document.Metadata));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    ruleErrors++;
                    removed[RuleErrorReason] = removed.GetValueOrDefault(RuleErrorReason) + 1;
                    // The detail names the failure, never the text, which may hold PII.
                    logger.LogError("Document {DocumentId} made a rule fail ({ErrorType}: {Problem}); set aside under rejected/{Stage}/{Reason}/",
                        document.Id, e.GetType().Name, e.Message, StageName, RuleErrorReason);
                    await rejected.WriteAsync(
                        new RejectedRecord(document.Id, StageName, RuleErrorReason, $"{e.GetType().Name}: {e.Message}", document.Source, string.Empty,
                            document.Text, SafeMetadata(document.Metadata), document.ContentHash, Encoding.UTF8.GetByteCount(document.Text)),
                        cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (outcome.Kept is { } clean)
                {
                    await kept.WriteAsync(
                        new Document(document.Id, clean.Text, document.Source, clean.MetadataJson, DocumentIdentity.ContentHash(clean.Text)),
                        cancellationToken).ConfigureAwait(false);
                }
                else if (outcome.Rejected is { } drop)
                {
                    var reason = ReasonFolder(drop.Rule);
                    removed[reason] = removed.GetValueOrDefault(reason) + 1;
                    await rejected.WriteAsync(
                        new RejectedRecord(
                            drop.Id, StageName, reason,
                            string.Create(CultureInfo.InvariantCulture, $"{drop.Reason} measured {drop.MeasuredValue:R}"),
                            document.Source, string.Empty, drop.Text, WithDrop(drop), DocumentIdentity.ContentHash(drop.Text),
                            Encoding.UTF8.GetByteCount(drop.Text)),
                        cancellationToken).ConfigureAwait(false);
                }
            }

            keptShards = await kept.CompleteAsync(cancellationToken).ConfigureAwait(false);
            rejectedShards = await rejected.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var output = keptShards.Count > 0
            ? keptShards[0]
            : await EmptyDocumentShard.WriteAsync(sink, CleanKey(deduplicated.SourceSha256, input.Sha256, configHash), lineage, cancellationToken).ConfigureAwait(false);
        var outputRef = await lake.VerifyShardAsync(output, cancellationToken).ConfigureAwait(false);
        var rejectedRefs = new List<StoredObjectRef>();
        foreach (var shard in rejectedShards)
        {
            rejectedRefs.Add(await lake.VerifyShardAsync(shard, cancellationToken).ConfigureAwait(false));
        }

        var statistics = stage.Statistics;
        var cleaned = new Cleaned
        {
            SourceSha256 = deduplicated.SourceSha256,
            Input = input,
            Output = outputRef,
            RemovedByReason = removed,
            RedactedByKind = statistics.Redactions.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value, StringComparer.Ordinal),
            FlaggedByRule = statistics.FlaggedByRule.ToDictionary(p => ReasonFolder(p.Key), p => p.Value, StringComparer.Ordinal),
            Rejected = rejectedRefs.FirstOrDefault(),
            RejectedShards = rejectedRefs,
            StageConfigHash = configHash,
            OccurredAt = clock.GetUtcNow(),
        };
        await publisher.Publish(cleaned, cancellationToken).ConfigureAwait(false);
        foreach (var (rule, count) in removed)
        {
            logger.LogInformation("Dropped {RejectedCount} document(s) of {ShardKey} by rule {Rule}", count, input.Key, rule);
        }

        logger.LogInformation(
            "Cleaned {ShardKey} into {OutputKey}: {KeptCount} kept, {DroppedCount} dropped, {RuleErrorCount} rule error(s), {RedactionCount} PII span(s) redacted",
            input.Key, outputRef.Key, outputRef.RecordCount, statistics.Dropped, ruleErrors, statistics.Redactions.Values.Sum());
        return cleaned;
    }

    /// <summary>Rule names are snake_case; key segments are kebab-case.</summary>
    internal static string ReasonFolder(string rule) => rule.Replace('_', '-');

    private static string WithDrop(RejectedDocument drop)
    {
        var metadata = JsonNode.Parse(drop.MetadataJson)!.AsObject();
        metadata["safety_drop"] = new JsonObject { ["rule"] = drop.Rule, ["reason"] = drop.Reason, ["value"] = drop.MeasuredValue };
        return metadata.ToJsonString();
    }

    private static string SafeMetadata(string metadata)
    {
        try
        {
            return JsonNode.Parse(metadata) is JsonObject ? metadata : new JsonObject { ["original_metadata"] = metadata }.ToJsonString();
        }
        catch (System.Text.Json.JsonException)
        {
            return new JsonObject { ["original_metadata"] = metadata }.ToJsonString();
        }
    }
}
