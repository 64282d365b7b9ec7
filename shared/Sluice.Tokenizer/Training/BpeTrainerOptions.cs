using Sluice.Tokenizer.PreTokenization;

namespace Sluice.Tokenizer.Training;

/// <summary>Settings of <see cref="BpeTrainer"/>.</summary>
public sealed class BpeTrainerOptions
{
    /// <summary>
    /// Total number of ids: the 256 single bytes, the learned merges and the special tokens. Default 32,000.
    /// Training stops earlier when no pair reaches <see cref="MinimumPairFrequency"/>.
    /// </summary>
    public int VocabularySize { get; init; } = 32_000;

    /// <summary>A pair is merged only if it occurs at least this often. Default 2 (Hugging Face's default is 0).</summary>
    public long MinimumPairFrequency { get; init; } = 2;

    /// <summary>Special tokens, given ids after all ordinary tokens in this order. Default: <c>&lt;|endoftext|&gt;</c>.</summary>
    public IReadOnlyList<string> SpecialTokens { get; init; } = ["<|endoftext|>"];

    /// <summary>
    /// Pre-tokenization: <c>gpt2</c>, <c>cl100k</c> or <c>o200k</c> (hand-written, fast), or any regular expression in
    /// tiktoken's syntax (Rust <c>fancy-regex</c>: possessive quantifiers, <c>\p{..}</c> classes, <c>(?i:…)</c>), which
    /// is stored in the trained tokenizer and run on .NET's regex. Default <c>cl100k</c>.
    /// </summary>
    public string Pattern { get; init; } = "cl100k";

    /// <summary>The trained tokenizer's name (not part of its id). Default <c>sluice-bpe</c>.</summary>
    public string Name { get; init; } = "sluice-bpe";

    /// <summary>Threads used to count words. Default: the processor count.</summary>
    public int CountingThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the first invalid setting (<see cref="PreTokenizerPatternException"/>
    /// for a pattern that is not a valid regular expression).
    /// </summary>
    public void Validate()
    {
        if (SpecialTokens.Any(string.IsNullOrEmpty) || SpecialTokens.Distinct(StringComparer.Ordinal).Count() != SpecialTokens.Count)
        {
            throw new ArgumentException("SpecialTokens must be distinct, non-empty strings.", nameof(SpecialTokens));
        }

        if (VocabularySize < 256 + SpecialTokens.Count)
        {
            throw new ArgumentException($"VocabularySize must be at least 256 + the {SpecialTokens.Count} special tokens, got {VocabularySize}.", nameof(VocabularySize));
        }

        if (MinimumPairFrequency < 0)
        {
            throw new ArgumentException($"MinimumPairFrequency must not be negative, got {MinimumPairFrequency}.", nameof(MinimumPairFrequency));
        }

        if (CountingThreads < 1)
        {
            throw new ArgumentException($"CountingThreads must be at least 1, got {CountingThreads}.", nameof(CountingThreads));
        }

        // Compiles a custom pattern, so an invalid one fails here with PreTokenizerPatternException.
        _ = PreTokenizer.ForPattern(PreTokenizerPatterns.Resolve(Pattern));
        ArgumentException.ThrowIfNullOrEmpty(Name);
    }
}
