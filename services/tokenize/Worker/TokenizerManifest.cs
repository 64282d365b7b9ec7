namespace Sluice.Tokenize.Worker;

/// <summary>
/// <c>tokenizers/&lt;id&gt;/manifest.json</c>: where a tokenizer came from. Deterministic (no times, no host names), so a
/// second writer of the same tokenizer writes the same bytes.
/// </summary>
internal sealed record TokenizerManifest
{
    public required string TokenizerId { get; init; }

    public required string Name { get; init; }

    public required int VocabularySize { get; init; }

    public required int EndOfTextToken { get; init; }

    public required string Pattern { get; init; }

    /// <summary>The pattern in .NET's regex syntax, for loading the tokenizer in Microsoft.ML.Tokenizers (docs/tokenizer.md).</summary>
    public required string DotNetPattern { get; init; }

    /// <summary><c>standard</c> or <c>trained</c>.</summary>
    public required string Origin { get; init; }

    public required string PolicyHash { get; init; }

    public System.Text.Json.Nodes.JsonObject? Policy { get; init; }

    public IReadOnlyList<string> SampleShardKeys { get; init; } = [];

    public long SampleDocuments { get; init; }

    public long SampleUtf8Bytes { get; init; }

    public int Merges { get; init; }

    /// <summary>The manifest of <paramref name="tokenizer"/> as far as the tokenizer itself tells it.</summary>
    public static TokenizerManifest Describe(Sluice.Tokenizer.BpeTokenizer tokenizer, string origin, string policyHash) => new()
    {
        TokenizerId = tokenizer.Id,
        Name = tokenizer.Name,
        VocabularySize = tokenizer.VocabularySize,
        EndOfTextToken = tokenizer.EndOfTextToken,
        Pattern = tokenizer.Pattern,
        DotNetPattern = tokenizer.DotNetPattern,
        Origin = origin,
        PolicyHash = policyHash,
    };
}
