using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Dedupe.Boilerplate;
using Sluice.Dedupe.Index;
using Sluice.Documents;
using Sluice.Stages;

namespace Sluice.Dedupe;

/// <summary>
/// The dedupe stage: for each document of a shard, in order, keep it or name the earlier document it duplicates
/// (exactly or nearly), checked against the global <see cref="IDedupeIndex"/>; removed documents go to
/// <c>rejected/dedupe/&lt;exact|near|boilerplate&gt;/</c> with the id they duplicate and the similarity. Knows nothing of
/// the bus or storage.
/// </summary>
public sealed class DedupeStage : IShardStage<Document>
{
    /// <summary>The stage's name in keys, footers and logs.</summary>
    public const string StageName = "dedupe";

    private readonly DedupeOptions options;
    private readonly IDedupeIndex index;
    private readonly Func<CancellationToken, Task>? commit;
    private readonly DocumentFingerprinter fingerprinter;
    private readonly BoilerplateSegmenter? boilerplate;

    /// <summary>Creates the stage over an index built with the same settings.</summary>
    /// <param name="options">The settings, the same the index was built with.</param>
    /// <param name="index">The global index.</param>
    /// <param name="commit">Makes the index's decisions durable after a shard's outputs are verified (an in-process index is saved); none when the index persists each batch itself.</param>
    /// <exception cref="DedupeIndexMismatchException">The index was built with other settings.</exception>
    public DedupeStage(DedupeOptions options, IDedupeIndex index, Func<CancellationToken, Task>? commit = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(index);
        options.Validate();
        var configuration = options.IndexConfiguration();
        if (index.Configuration != configuration)
        {
            throw new DedupeIndexMismatchException(index.GetType().Name, index.Configuration, configuration);
        }

        this.options = options;
        this.index = index;
        this.commit = commit;
        ConfigHash = ConfigHashOf(options);
        fingerprinter = new DocumentFingerprinter(options);
        boilerplate = options.Boilerplate.Enabled ? new BoilerplateSegmenter(options.Boilerplate, fingerprinter.Normalizer) : null;
    }

    /// <inheritdoc />
    public string Name => StageName;

    /// <summary>SHA-256 of the settings the decisions depend on.</summary>
    public string ConfigHash { get; }

    /// <summary>The <see cref="ConfigHash"/> a stage with <paramref name="options"/> has.</summary>
    public static string ConfigHashOf(DedupeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(StageName + ";" + options.IndexConfiguration())));
    }

    /// <inheritdoc />
    public async Task<StageStatistics> RunAsync(string inputKey, IEnumerable<Document> documents, IStageSink<Document> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(sink);
        var input = documents.ToList();
        var result = await ProcessAsync(inputKey, input.Select(d => new DedupeDocument(d.Id, d.Text)).ToList(), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < input.Count; i++)
        {
            var (original, outcome) = (input[i], result.Outcomes[i]);
            if (outcome.Decision.Verdict == DedupeVerdict.Keep)
            {
                var text = outcome.Document.Text;
                await sink.KeepAsync(text == original.Text ? original : original with { Text = text, ContentHash = DocumentIdentity.ContentHash(text) }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await sink.RejectAsync(original, Rejection(original, outcome.Decision, inputKey), cancellationToken).ConfigureAwait(false);
            }
        }

        var stats = result.Stats;
        return new StageStatistics()
            .Add(DedupeReasons.Exact, stats.Exact)
            .Add(DedupeReasons.Near, stats.Near)
            .Add(DedupeReasons.Boilerplate, stats.Boilerplate)
            .Add("boilerplate-segments", stats.BoilerplateSegmentsRemoved);
    }

    /// <inheritdoc />
    public Task CommitAsync(CancellationToken cancellationToken) => commit?.Invoke(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Decides every document of one shard. Processing the same shard again returns the same decisions.</summary>
    /// <exception cref="ArgumentException">A document has no id or no text (the message names its position).</exception>
    /// <exception cref="DocumentIdConflictException">A document id was seen before with different content.</exception>
    public async Task<DedupeShardResult> ProcessAsync(string shardKey, IReadOnlyList<DedupeDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(shardKey);
        ArgumentNullException.ThrowIfNull(documents);
        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i] is null || string.IsNullOrEmpty(documents[i].Id) || documents[i].Text is null)
            {
                throw new ArgumentException($"Shard '{shardKey}': document {i} has no id or no text.", nameof(documents));
            }
        }

        var texts = documents.Select(d => d.Text).ToArray();
        var removedSegments = new int[documents.Count];
        var decisions = new DedupeDecision?[documents.Count];
        if (boilerplate is not null)
        {
            await RemoveBoilerplateAsync(documents, texts, removedSegments, decisions, cancellationToken).ConfigureAwait(false);
        }

        // A document id repeated within the shard is the same document again.
        var firstPosition = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new List<(int Position, DocumentFingerprint Fingerprint)>();
        for (var i = 0; i < documents.Count; i++)
        {
            if (decisions[i] is not null)
            {
                continue;
            }

            if (!firstPosition.TryAdd(documents[i].Id, i))
            {
                decisions[i] = new DedupeDecision(documents[i].Id, DedupeVerdict.ExactDuplicate, documents[i].Id, 1.0);
                continue;
            }

            pending.Add((i, fingerprinter.Fingerprint(documents[i].Id, texts[i])));
            if (pending.Count == options.BatchSize)
            {
                await ClaimAsync(shardKey, pending, decisions, cancellationToken).ConfigureAwait(false);
            }
        }

        await ClaimAsync(shardKey, pending, decisions, cancellationToken).ConfigureAwait(false);

        var outcomes = new DedupeOutcome[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            var document = ReferenceEquals(texts[i], documents[i].Text) ? documents[i] : documents[i] with { Text = texts[i] };
            outcomes[i] = new DedupeOutcome(document, decisions[i]!, removedSegments[i]);
        }

        var stats = new DedupeShardStats(
            documents.Count,
            outcomes.Count(o => o.Decision.Verdict == DedupeVerdict.Keep),
            outcomes.Count(o => o.Decision.Verdict == DedupeVerdict.ExactDuplicate),
            outcomes.Count(o => o.Decision.Verdict == DedupeVerdict.NearDuplicate),
            outcomes.Count(o => o.Decision.Verdict == DedupeVerdict.Boilerplate),
            removedSegments.Sum());
        return new DedupeShardResult(shardKey, outcomes, stats);
    }

    private static Rejection Rejection(Document document, DedupeDecision decision, string shardKey)
    {
        var reason = decision.Verdict switch
        {
            DedupeVerdict.ExactDuplicate => DedupeReasons.Exact,
            DedupeVerdict.NearDuplicate => DedupeReasons.Near,
            DedupeVerdict.Boilerplate => DedupeReasons.Boilerplate,
            _ => throw new ArgumentOutOfRangeException(nameof(decision), decision.Verdict, "A kept document is not a rejection."),
        };
        var similarity = Math.Round(decision.Similarity, 6);
        var metadata = new JsonObject
        {
            ["duplicateOf"] = decision.DuplicateOf,
            ["similarity"] = similarity,
            ["shard"] = shardKey,
            ["metadata"] = ParseMetadata(document.Metadata),
        };
        var detail = decision.Verdict == DedupeVerdict.Boilerplate
            ? $"only boilerplate left; first seen in {decision.DuplicateOf}"
            : $"{reason} duplicate of {decision.DuplicateOf} (similarity {similarity.ToString("0.000", CultureInfo.InvariantCulture)})";
        return new Rejection(reason, detail, metadata.ToJsonString());
    }

    private static JsonNode? ParseMetadata(string metadata)
    {
        try
        {
            return JsonNode.Parse(metadata);
        }
        catch (JsonException)
        {
            return JsonValue.Create(metadata);
        }
    }

    private async Task ClaimAsync(string shardKey, List<(int Position, DocumentFingerprint Fingerprint)> pending, DedupeDecision?[] decisions, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var claimed = await index.ClaimDocumentsAsync(shardKey, pending.Select(p => p.Fingerprint).ToList(), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < pending.Count; i++)
        {
            decisions[pending[i].Position] = claimed[i];
        }

        pending.Clear();
    }

    private async Task RemoveBoilerplateAsync(IReadOnlyList<DedupeDocument> documents, string[] texts, int[] removedSegments, DedupeDecision?[] decisions, CancellationToken cancellationToken)
    {
        var segmenter = boilerplate!;
        var split = documents.Select(d => segmenter.Split(d.Text)).ToArray();
        var claims = new List<SegmentClaim>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            claims.Add(new SegmentClaim(documents[i].Id, split[i].Where(s => s.Hash is not null).Select(s => s.Hash!.Value).ToArray()));
        }

        var owners = await index.ClaimSegmentsAsync(claims, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < documents.Count; i++)
        {
            var removed = new HashSet<int>();
            string? firstOwner = null;
            var claimIndex = 0;
            for (var s = 0; s < split[i].Count; s++)
            {
                if (split[i][s].Hash is null)
                {
                    continue;
                }

                var owner = owners[i][claimIndex++];
                if (owner != documents[i].Id)
                {
                    removed.Add(s);
                    firstOwner ??= owner;
                }
            }

            if (removed.Count == 0)
            {
                continue;
            }

            removedSegments[i] = removed.Count;
            texts[i] = BoilerplateSegmenter.Remove(documents[i].Text, split[i], removed, segmenter.Separator);
            if (fingerprinter.Normalizer.Normalize(texts[i]).Length == 0)
            {
                decisions[i] = new DedupeDecision(documents[i].Id, DedupeVerdict.Boilerplate, firstOwner, 1.0);
            }
        }
    }
}
