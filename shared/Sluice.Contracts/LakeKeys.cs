using System.Globalization;

namespace Sluice.Contracts;

/// <summary>
/// Every key in the lake, built here and nowhere else (docs/lake.md). Derived objects share one shape,
/// <c>&lt;prefix&gt;/&lt;input-hash[..32]&gt;-&lt;config-hash[..16]&gt;-&lt;part:00000&gt;.&lt;ext&gt;</c>: the input's content hash
/// and the stage's configuration hash decide the key, so a re-run or a redelivered message writes the same key with the
/// same bytes, and a changed configuration writes beside the old output instead of over it. Messages carry the keys
/// they mean; no stage rebuilds another stage's key.
/// </summary>
public static class LakeKeys
{
    /// <summary>Documents as ingest standardized them (input hash: the dropped object's).</summary>
    public const string RawLayer = "raw";

    /// <summary>Documents that survived dedupe.</summary>
    public const string DedupLayer = "dedup";

    /// <summary>Documents that passed the safety filter.</summary>
    public const string CleanLayer = "clean";

    /// <summary>The split name of training token shards.</summary>
    public const string TrainSplit = "train";

    /// <summary>The split name of validation token shards.</summary>
    public const string ValidationSplit = "val";

    /// <summary>The prefix of the user's evaluation sets (JSONL files; docs/evaluator.md).</summary>
    public const string EvaluationSetsPrefix = "evalsets/";

    /// <summary>A document shard: <c>docs/&lt;layer&gt;/&lt;input-hash[..32]&gt;-&lt;config-hash[..16]&gt;-&lt;part&gt;.parquet</c>.</summary>
    public static string Documents(string layer, string inputHash, string configHash, int part) =>
        $"docs/{Segment(layer, nameof(layer))}/{Stem(inputHash, configHash)}-{Part(part)}.parquet";

    /// <summary>
    /// A rejected-records shard: <c>rejected/&lt;stage&gt;/&lt;reason&gt;/&lt;input-hash[..32]&gt;-&lt;config-hash[..16]&gt;-&lt;part&gt;.parquet</c>,
    /// where the input hash is the dropped object's (ingest) or the input shard's (later stages).
    /// </summary>
    public static string Rejected(string stage, string reason, string inputHash, string configHash, int part) =>
        $"rejected/{Segment(stage, nameof(stage))}/{Segment(reason, nameof(reason))}/{Stem(inputHash, configHash)}-{Part(part)}.parquet";

    /// <summary>
    /// Why a stage refused a whole input shard (<see cref="ShardQuarantined"/> as JSON):
    /// <c>rejected/&lt;stage&gt;/&lt;reason&gt;/&lt;input-hash[..32]&gt;-&lt;config-hash[..16]&gt;.json</c>.
    /// </summary>
    public static string QuarantineRecord(string stage, string reason, string inputHash, string configHash) =>
        $"rejected/{Segment(stage, nameof(stage))}/{Segment(reason, nameof(reason))}/{Stem(inputHash, configHash)}.json";

    /// <summary>
    /// A token shard: <c>tokens/&lt;tokenizer-id&gt;/&lt;train|val&gt;/&lt;input-hash[..32]&gt;-&lt;config-hash[..16]&gt;-&lt;part&gt;.bin</c>;
    /// its document index sits beside it with the extension <c>.docs</c>.
    /// </summary>
    public static string TokenShard(string tokenizerId, string split, string inputHash, string configHash, int part)
    {
        if (split is not (TrainSplit or ValidationSplit))
        {
            throw new ArgumentException($"'{split}' is not a split ({TrainSplit} or {ValidationSplit}).", nameof(split));
        }

        return $"tokens/{Hex(tokenizerId, nameof(tokenizerId))}/{split}/{Stem(inputHash, configHash)}-{Part(part)}.bin";
    }

    /// <summary>One file of an immutable tokenizer: <c>tokenizers/&lt;tokenizer-id&gt;/&lt;file&gt;</c>.</summary>
    public static string Tokenizer(string tokenizerId, string file) => $"tokenizers/{Hex(tokenizerId, nameof(tokenizerId))}/{FileName(file)}";

    /// <summary>A stage's own state: <c>state/&lt;stage&gt;/&lt;path&gt;</c> (ledgers, indexes, pointers).</summary>
    public static string State(string stage, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.StartsWith('/') || path.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"'{path}' is not a relative key path.", nameof(path));
        }

        return $"state/{Segment(stage, nameof(stage))}/{path}";
    }

    /// <summary>A folder of a stage's own state, for listing: <c>state/&lt;stage&gt;/&lt;folder&gt;/</c>.</summary>
    public static string StatePrefix(string stage, string folder) => State(stage, folder) + "/";

    /// <summary>What ingest recorded for one source under one configuration: <c>state/ingest/sources/&lt;source-hash&gt;/&lt;config-hash&gt;.json</c>.</summary>
    public static string IngestLedger(string sourceHash, string configHash) =>
        State("ingest", $"sources/{Hex(sourceHash, nameof(sourceHash))}/{Hex(configHash, nameof(configHash))}.json");

    /// <summary>A model line's immutable dataset manifest: <c>datasets/&lt;model&gt;/&lt;version:000000&gt;.json</c>.</summary>
    public static string DatasetManifest(string model, int version)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        return $"datasets/{Segment(model, nameof(model))}/{version.ToString("D6", CultureInfo.InvariantCulture)}.json";
    }

    /// <summary>The folder of one checkpoint: <c>checkpoints/&lt;model&gt;/&lt;run&gt;/&lt;step:00000000&gt;/</c>.</summary>
    public static string CheckpointPrefix(string model, string run, long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return $"checkpoints/{Segment(model, nameof(model))}/{Segment(run, nameof(run))}/{step.ToString("D8", CultureInfo.InvariantCulture)}/";
    }

    /// <summary>The folder of one checkpoint's evaluation: <c>evals/&lt;model&gt;/&lt;run&gt;/&lt;step:00000000&gt;/</c>.</summary>
    public static string EvaluationPrefix(string model, string run, long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return $"evals/{Segment(model, nameof(model))}/{Segment(run, nameof(run))}/{step.ToString("D8", CultureInfo.InvariantCulture)}/";
    }

    /// <summary>A model line's best checkpoint so far, as the evaluator's gate decided: <c>state/evaluator/&lt;model&gt;/best.json</c>.</summary>
    public static string BestCheckpoint(string model) => State("evaluator", $"{Segment(model, nameof(model))}/best.json");

    /// <summary>The first 32 hex digits of the input hash and the first 16 of the configuration hash, joined by a dash.</summary>
    private static string Stem(string inputHash, string configHash) =>
        $"{Hex(inputHash, nameof(inputHash))[..Math.Min(32, inputHash.Length)]}-{Hex(configHash, nameof(configHash))[..Math.Min(16, configHash.Length)]}";

    private static string Part(int part)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        return part.ToString("D5", CultureInfo.InvariantCulture);
    }

    private static string Hex(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                throw new ArgumentException($"'{value}' is not a lower-case hex hash.", name);
            }
        }

        return value;
    }

    private static string Segment(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                throw new ArgumentException($"'{value}' is not a kebab-case key segment (a-z, 0-9, '-').", name);
            }
        }

        return value;
    }

    private static string FileName(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.Contains('/') || value is "." or "..")
        {
            throw new ArgumentException($"'{value}' is not a file name.", nameof(value));
        }

        return value;
    }
}
