namespace Sluice.Tokenizer.Training;

/// <summary>A pair in the trainer's queue: its count when queued and the words that may hold it.</summary>
internal sealed record MergeCandidate(long Pair, long Count, List<int> Words);
