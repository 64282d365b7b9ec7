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
