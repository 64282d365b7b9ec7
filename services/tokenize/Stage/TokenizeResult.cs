namespace Sluice.Tokenize;

/// <summary>What <see cref="TokenizeStage.Run"/> wrote: the shards of each split, the skipped documents by reason, and the text it read.</summary>
public sealed record TokenizeResult(
    IReadOnlyList<WrittenTokenShard> Train,
    IReadOnlyList<WrittenTokenShard> Validation,
    IReadOnlyDictionary<string, long> SkippedByReason,
    long TextCharacters);
