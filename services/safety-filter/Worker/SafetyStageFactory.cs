using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Sluice.SafetyFilter.Worker;

/// <summary>
/// Builds one <see cref="SafetyStage"/> per shard (a stage's statistics are per shard and not thread-safe), sharing the
/// language model, which is loaded from its cache or trained from the fortunes on first use. Computes the stage
/// configuration hash from every threshold, the word lists' bytes and the training corpus' fingerprint.
/// </summary>
internal sealed class SafetyStageFactory
{
    private static readonly JsonSerializerOptions HashJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly SafetyFilterOptions options;
    private readonly Lazy<CharNGramLanguageIdentifier?> identifier;
    private readonly Lazy<string> configHash;

    public SafetyStageFactory(SafetyFilterOptions options, LanguageModelOptions model, ILogger<SafetyStageFactory> logger)
    {
        this.options = options;
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

    /// <summary>SHA-256 (hex) of the configuration: it keys the output shards, so a changed threshold writes new ones.</summary>
    public string ConfigHash => configHash.Value;

    public SafetyStage Create() => SafetyFilterBuilder.Build(options, identifier.Value);

    private static string ComputeConfigHash(SafetyFilterOptions options, string? corpusFingerprint)
    {
        var settings = JsonSerializer.SerializeToNode(options, HashJson)!.AsObject();
        // The folder's location is not configuration; the lists' bytes are.
        settings["toxicity"]!.AsObject().Remove("wordListFolder");
        var lists = new JsonObject();
        if (options.Toxicity.Enabled && options.Toxicity.WordListFolder is { } folder)
        {
            foreach (var file in Directory.GetFiles(folder, "*.json").Where(f => !Path.GetFileName(f).StartsWith("package", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
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
