namespace Sluice.Tokenizer.Training;

/// <summary>What <see cref="BpeTrainer.Train"/> returns.</summary>
/// <param name="Tokenizer">The trained tokenizer (immutable; its <see cref="BpeTokenizer.Id"/> hashes its content).</param>
/// <param name="Merges">The merges in the order they were learned.</param>
/// <param name="DistinctWords">Number of distinct pre-tokenized words counted.</param>
/// <param name="TotalWords">Number of pre-tokenized words counted.</param>
public sealed record BpeTrainingResult(BpeTokenizer Tokenizer, IReadOnlyList<BpeMerge> Merges, int DistinctWords, long TotalWords);
