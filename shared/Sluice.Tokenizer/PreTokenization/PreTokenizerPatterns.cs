namespace Sluice.Tokenizer.PreTokenization;

/// <summary>The tiktoken pre-tokenization patterns Sluice implements exactly, and their short names.</summary>
public static class PreTokenizerPatterns
{
    /// <summary>GPT-2's pattern, used by <c>gpt2</c>, <c>r50k_base</c> and <c>p50k_base</c>.</summary>
    public const string Gpt2 = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary><c>cl100k_base</c>'s pattern.</summary>
    public const string Cl100k = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary><c>o200k_base</c>'s pattern.</summary>
    public const string O200k = @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>The pattern for a short name (<c>gpt2</c>, <c>r50k</c>, <c>cl100k</c>, <c>o200k</c>), or the argument itself when it is a known pattern.</summary>
    public static string Resolve(string nameOrPattern) => nameOrPattern switch
    {
        "gpt2" or "r50k" or "r50k_base" or "p50k_base" => Gpt2,
        "cl100k" or "cl100k_base" => Cl100k,
        "o200k" or "o200k_base" => O200k,
        Gpt2 or Cl100k or O200k => nameOrPattern,
        _ => throw new ArgumentException($"Unknown pre-tokenization pattern '{nameOrPattern}': use gpt2, cl100k or o200k (or one of their exact tiktoken patterns).", nameof(nameOrPattern)),
    };
}
