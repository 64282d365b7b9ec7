using Sluice.Hosting;

namespace Sluice.Tokenize;

/// <summary>The tokenize stage's settings, bound from the <c>Tokenize</c> section.</summary>
public sealed class TokenizeOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Tokenize";

    /// <summary>The tokenizer policy (a standard encoding, or trained on the data).</summary>
    public TokenizerPolicyOptions Tokenizer { get; set; } = new();

    /// <summary>Share of documents held out for validation, by a hash of the document id (see docs/token-shards.md). Default 0.005.</summary>
    public double ValidationFraction { get; set; } = 0.005;

    /// <summary>
    /// Validation tokens each cleaned shard gives at the least, so a small drop still has a validation split: when the
    /// share above sends fewer tokens of a shard (of two or more documents) to validation, the shard's last documents
    /// in the order of their id's hash position are moved there until it has this many, but never more than
    /// <see cref="ValidationTopUpShare"/> of the shard's tokens and never its last training document. Default 65,536;
    /// 0 turns the top-up off.
    /// </summary>
    public int MinValidationTokens { get; set; } = 65_536;

    /// <summary>The largest share of a shard's tokens the top-up may move to validation. Default 0.1.</summary>
    public double ValidationTopUpShare { get; set; } = 0.1;

    /// <summary>Most tokens in one token shard; a split with more goes on in the next shard. Default 100,000,000 (llm.c's shard size).</summary>
    public int ShardTokens { get; set; } = 100_000_000;

    /// <summary>How much text (bytes of UTF-16 characters) is read and tokenized in parallel at a time. Default 8 MiB.</summary>
    public int BatchBytes { get; set; } = 8 << 20;

    /// <summary>Threads tokenizing a batch; 0 means one per core. Default 0.</summary>
    public int Parallelism { get; set; }

    /// <inheritdoc />
    public IEnumerable<string> FindProblems()
    {
        foreach (var problem in Tokenizer.FindProblems())
        {
            yield return problem;
        }

        if (double.IsNaN(ValidationFraction) || ValidationFraction is < 0 or > 1)
        {
            yield return $"Tokenize:ValidationFraction is {ValidationFraction}; it must be between 0 and 1";
        }

        if (MinValidationTokens < 0)
        {
            yield return $"Tokenize:MinValidationTokens is {MinValidationTokens}; it must be 0 (no top-up) or more";
        }

        if (double.IsNaN(ValidationTopUpShare) || ValidationTopUpShare is < 0 or > 0.5)
        {
            yield return $"Tokenize:ValidationTopUpShare is {ValidationTopUpShare}; it must be between 0 and 0.5";
        }

        if (ShardTokens < 1024)
        {
            yield return $"Tokenize:ShardTokens is {ShardTokens}; it must be at least 1,024";
        }

        if (BatchBytes < 1)
        {
            yield return $"Tokenize:BatchBytes is {BatchBytes}; it must be positive";
        }

        if (Parallelism < 0)
        {
            yield return $"Tokenize:Parallelism is {Parallelism}; it must be 0 (one per core) or more";
        }
    }
}
