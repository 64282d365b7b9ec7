using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sluice.Tokenizer;
using Sluice.Tokenizer.PreTokenization;
using Sluice.Tokenizer.Training;

namespace Sluice.Tokenize;

/// <summary>
/// Which tokenizer the pipeline uses, bound from <c>Tokenize:Tokenizer</c>: a standard encoding by name, or
/// <see cref="TrainOnData"/>: a byte-level BPE tokenizer trained once on the first <see cref="SampleMegabytes"/> of cleaned
/// text, then frozen under <c>tokenizers/&lt;id&gt;/</c> and used for everything after.
/// </summary>
public sealed class TokenizerPolicyOptions
{
    /// <summary>The <see cref="Encoding"/> value that asks for a tokenizer trained on the data.</summary>
    public const string TrainOnData = "train";

    /// <summary>
    /// <c>gpt2</c>, <c>r50k_base</c>, <c>cl100k_base</c> or <c>o200k_base</c> (the standard encodings, built into the
    /// program from Microsoft.ML.Tokenizers' data packages), or <c>train</c>. Default <c>train</c>.
    /// </summary>
    public string Encoding { get; set; } = TrainOnData;

    /// <summary>With <c>train</c>: the vocabulary size, special tokens included. Default 8,192.</summary>
    public int VocabularySize { get; set; } = 8192;

    /// <summary>With <c>train</c>: how much cleaned text (MB of UTF-8) the tokenizer is trained on. Default 64.</summary>
    public int SampleMegabytes { get; set; } = 64;

    /// <summary>With <c>train</c>: a pair seen fewer times than this is never merged. Default 2.</summary>
    public long MinimumPairFrequency { get; set; } = 2;

    /// <summary>
    /// With <c>train</c>: the pre-tokenization pattern, <c>gpt2</c>, <c>cl100k</c> or <c>o200k</c>, or a regular expression in
    /// tiktoken's syntax (see docs/tokenizer.md). Default <c>cl100k</c>.
    /// </summary>
    public string Pattern { get; set; } = "cl100k";

    /// <summary>
    /// With <c>train</c>: the training job starts training once the cleaned shards waiting for the tokenizer reach the
    /// sample size, or once no new one has arrived for this many seconds (so a small corpus is trained on whole). Default 10.
    /// </summary>
    public int SettleSeconds { get; set; } = 10;

    /// <summary>The pattern as the trainer takes it: a name in lower case, a regular expression as written.</summary>
    internal string NormalizedPattern => Pattern.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? Pattern.ToLowerInvariant() : Pattern;

    /// <summary>True when the policy trains a tokenizer rather than naming a standard encoding.</summary>
    public bool TrainsOnData => string.Equals(Encoding, TrainOnData, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Everything that decides which tokenizer this policy yields (not the waiting times), as JSON: stored in the
    /// tokenizer's manifest and hashed into <see cref="PolicyHash"/>.
    /// </summary>
    public JsonObject Describe() => TrainsOnData
        ? new JsonObject
        {
            ["kind"] = "train/1",
            ["vocabularySize"] = VocabularySize,
            ["sampleMegabytes"] = SampleMegabytes,
            ["minimumPairFrequency"] = MinimumPairFrequency,
            ["pattern"] = PreTokenizerPatterns.Resolve(NormalizedPattern),
            ["specialTokens"] = new JsonArray("<|endoftext|>"),
        }
        : new JsonObject { ["kind"] = "standard/1", ["encoding"] = Encoding.ToLowerInvariant() };

    /// <summary>
    /// SHA-256 of <see cref="Describe"/>: replicas with the same policy share one frozen tokenizer, and a changed policy
    /// trains a new one beside the old.
    /// </summary>
    public string PolicyHash() => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Describe().ToJsonString())));

    /// <summary>Every problem with these settings, naming the key; empty when they are usable.</summary>
    public IEnumerable<string> FindProblems()
    {
        if (!TrainsOnData)
        {
            if (!TiktokenEncodings.Names.Contains(Encoding, StringComparer.Ordinal))
            {
                yield return $"Tokenize:Tokenizer:Encoding is '{Encoding}'; use one of {string.Join(", ", TiktokenEncodings.Names)} or '{TrainOnData}'";
            }

            yield break;
        }

        if (VocabularySize is < 257 or > 1 << 20)
        {
            yield return $"Tokenize:Tokenizer:VocabularySize is {VocabularySize}; it must be between 257 (the 256 bytes and <|endoftext|>) and 1,048,576";
        }

        if (SampleMegabytes is < 1 or > 1 << 16)
        {
            yield return $"Tokenize:Tokenizer:SampleMegabytes is {SampleMegabytes}; it must be between 1 and 65,536";
        }

        if (MinimumPairFrequency < 1)
        {
            yield return $"Tokenize:Tokenizer:MinimumPairFrequency is {MinimumPairFrequency}; it must be at least 1";
        }

        string? patternProblem = null;
        try
        {
            new BpeTrainerOptions { Pattern = NormalizedPattern }.Validate();
        }
        catch (ArgumentException e)
        {
            patternProblem = $"Tokenize:Tokenizer:Pattern is not usable: {e.Message}";
        }

        if (patternProblem is not null)
        {
            yield return patternProblem;
        }

        if (SettleSeconds < 0)
        {
            yield return $"Tokenize:Tokenizer:SettleSeconds is {SettleSeconds}; it must not be negative";
        }
    }
}
