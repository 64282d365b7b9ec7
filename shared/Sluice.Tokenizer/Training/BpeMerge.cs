namespace Sluice.Tokenizer.Training;

/// <summary>One merge learned by training, in token ids of the trained tokenizer.</summary>
/// <param name="Left">The left token.</param>
/// <param name="Right">The right token.</param>
/// <param name="Result">The merged token (an earlier id when the same bytes were already formed by another merge).</param>
/// <param name="Count">How often the pair occurred when it was merged.</param>
public readonly record struct BpeMerge(int Left, int Right, int Result, long Count);
