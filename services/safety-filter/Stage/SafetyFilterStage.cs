using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Sluice.Documents;
using Sluice.SafetyFilter.Worker;
using Sluice.Stages;

namespace Sluice.SafetyFilter;

/// <summary>
/// The safety-filter stage over one shard: every document goes through the rules (<see cref="SafetyStage"/>) in order;
/// a kept one leaves with its cleaned or redacted text and the rules' signals in its metadata, a dropped one goes to
/// <c>rejected/safety-filter/&lt;rule&gt;/</c> with the failed check and the measured value (its text already redacted
/// when the PII rule ran first), and one that makes a rule throw goes to <c>rejected/safety-filter/rule-error/</c> while
/// the shard goes on. The language model is shared by every run (loaded from its cache or trained from the fortunes on
/// first use); the configuration hash covers every threshold, the word lists' bytes and the training corpus.
/// </summary>
public sealed class SafetyFilterStage : IShardStage<Document>
{
    /// <summary>The stage's name in keys, footers and logs.</summary>
    public const string StageName = "safety-filter";

    /// <summary>The reason of documents a rule failed on.</summary>
    public const string RuleErrorReason = "rule-error";

    private static readonly JsonSerializerOptions HashJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly SafetyFilterOptions options;
    private readonly ILogger<SafetyFilterStage> logger;
    private readonly Lazy<CharNGramLanguageIdentifier?> identifier;
    private readonly Lazy<string> configHash;

    /// <summary>Creates the stage; the language model and the configuration hash are computed on first use.</summary>
    public SafetyFilterStage(SafetyFilterOptions options, LanguageModelOptions model, ILogger<SafetyFilterStage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        this.options = options;
        this.logger = logger;
        var corpus = new FortuneTrainingCorpus(model.FortunesRoot);
        var cacheFolder = model.CacheFolder.Length > 0 ? model.CacheFolder : LanguageModelCache.DefaultFolder;
        identifier = new Lazy<CharNGramLanguageIdentifier?>(() =>
        {
            if (!options.Language.Enabled)
            {
                return null;
            }

            var started = System.Diagnostics.Stopwatch.StartNew();
            var loaded = LanguageModelCache.LoadOrTrain(corpus, cacheFolder);
            logger.LogInformation("Language model ready from {FortunesRoot} (cache {CacheFolder}) in {ElapsedMs} ms", model.FortunesRoot, cacheFolder, started.ElapsedMilliseconds);
            return loaded;
        });
        configHash = new Lazy<string>(() => ComputeConfigHash(options, options.Language.Enabled ? corpus.Fingerprint() : null));
    }

    /// <inheritdoc />
    public string Name => StageName;

    /// <summary>SHA-256 (hex) of the configuration: it keys the output shards, so a changed threshold writes new ones.</summary>
    public string ConfigHash => configHash.Value;

    /// <summary>Rule names are snake_case; reasons (folders) are kebab-case.</summary>
    public static string ReasonFolder(string rule) => rule.Replace('_', '-');

    /// <summary>The rule set of every source profile, with fresh per-shard statistics.</summary>
    public ProfiledSafetyStage CreateRules() => SafetyFilterBuilder.BuildProfiled(options, identifier.Value);

    /// <inheritdoc />
    public async Task<StageStatistics> RunAsync(string inputKey, IEnumerable<Document> documents, IStageSink<Document> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(sink);
        var rules = CreateRules();
        foreach (var document in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            StageOutcome outcome;
            try
            {
                outcome = rules.Process(new SafetyDocument(document.Id, document.Text, document.Metadata));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The detail names the failure, never the text, which may hold PII.
                logger.LogError("Document {DocumentId} of {ShardKey} made a rule fail ({ErrorType}: {Problem}); set aside as {Reason}", document.Id, inputKey, e.GetType().Name, e.Message, RuleErrorReason);
                await sink.RejectAsync(document, new Rejection(RuleErrorReason, $"{e.GetType().Name}: {e.Message}", SafeMetadata(document.Metadata)), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (outcome.Kept is { } clean)
            {
                await sink.KeepAsync(new Document(document.Id, clean.Text, document.Source, clean.MetadataJson, DocumentIdentity.ContentHash(clean.Text)), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var drop = outcome.Rejected!;
                await sink.RejectAsync(
                    document with { Text = drop.Text, ContentHash = DocumentIdentity.ContentHash(drop.Text) },
                    new Rejection(ReasonFolder(drop.Rule), string.Create(CultureInfo.InvariantCulture, $"{drop.Reason} measured {drop.MeasuredValue:R}"), WithDrop(drop)),
                    cancellationToken).ConfigureAwait(false);
            }
        }

        var statistics = new StageStatistics();
        foreach (var (profile, stage) in rules.Stages)
        {
            foreach (var (kind, count) in stage.Statistics.Redactions)
            {
                statistics.Add("redacted/" + kind.ToLowerInvariant(), count);
            }

            foreach (var (rule, count) in stage.Statistics.FlaggedByRule)
            {
                statistics.Add("flagged/" + ReasonFolder(rule), count);
            }
        }

        foreach (var (profile, count) in rules.DocumentsByProfile)
        {
            statistics.Add("profile/" + profile, count);
        }

        return statistics;
    }

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
        catch (JsonException)
        {
            return new JsonObject { ["original_metadata"] = metadata }.ToJsonString();
        }
    }

    private static string ComputeConfigHash(SafetyFilterOptions options, string? corpusFingerprint)
    {
        var settings = JsonSerializer.SerializeToNode(options, HashJson)!.AsObject();
        // The folder's location is not configuration; the lists' bytes are.
        settings["toxicity"]!.AsObject().Remove("wordListFolder");
        var lists = new JsonObject();
        if (options.Toxicity.Enabled && options.Toxicity.WordListFolder is { } folder)
        {
            // The package's own manifests (package.json, bower.json) are not word lists.
            foreach (var file in Directory.GetFiles(folder, "*.json").Where(f => !Path.GetFileName(f).StartsWith("package", StringComparison.Ordinal) && Path.GetFileName(f) != "bower.json").Order(StringComparer.Ordinal))
            {
                lists[Path.GetFileName(file)] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
            }
        }

        var whole = new JsonObject
        {
            ["stage"] = "safety-filter/1",
            ["settings"] = settings,
            ["wordLists"] = lists,
            ["languageCorpus"] = corpusFingerprint,
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(whole.ToJsonString())));
    }
}
