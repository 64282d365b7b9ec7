namespace Sluice.Tokenizer.PreTokenization;

/// <summary>
/// The tiktoken pre-tokenization patterns, which have hand-written pre-tokenizers, and their short names. Any other
/// pattern in tiktoken's regex syntax is accepted as a custom pattern and run on .NET's regex.
/// </summary>
public static class PreTokenizerPatterns
{
    /// <summary>GPT-2's pattern, used by <c>gpt2</c> and <c>r50k_base</c> (and tiktoken's <c>p50k_base</c>).</summary>
    public const string Gpt2 = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary><c>cl100k_base</c>'s pattern.</summary>
    public const string Cl100k = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary><c>o200k_base</c>'s pattern.</summary>
    public const string O200k = @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>
    /// The pattern for a short name (<c>gpt2</c>, <c>r50k</c>, <c>cl100k</c>, <c>o200k</c>), or the argument itself when
    /// it is a pattern (a custom one is checked when it is compiled). A plain word that is not a known name (only
    /// letters, digits and '_', such as <c>cl100</c>) throws <see cref="ArgumentException"/>: it is taken for a
    /// misspelt name rather than a pattern matching that word.
    /// </summary>
    public static string Resolve(string nameOrPattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPattern);
        return nameOrPattern switch
        {
            "gpt2" or "r50k" or "r50k_base" or "p50k_base" => Gpt2,
            "cl100k" or "cl100k_base" => Cl100k,
            "o200k" or "o200k_base" => O200k,
            _ when nameOrPattern.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') =>
                throw new ArgumentException($"Unknown pre-tokenization pattern name '{nameOrPattern}': use gpt2, cl100k or o200k, or a regular expression in tiktoken's syntax.", nameof(nameOrPattern)),
            _ => nameOrPattern,
        };
    }
}
