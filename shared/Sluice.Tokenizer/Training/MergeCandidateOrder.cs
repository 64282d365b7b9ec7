namespace Sluice.Tokenizer.Training;

/// <summary>Queue order: the highest count first; on equal counts the smaller (left, right) pair of ids, as Hugging Face's trainer.</summary>
internal sealed class MergeCandidateOrder : IComparer<MergeCandidate>
{
    public static readonly MergeCandidateOrder Instance = new();

    public int Compare(MergeCandidate? x, MergeCandidate? y)
    {
        var byCount = y!.Count.CompareTo(x!.Count);
        return byCount != 0 ? byCount : x.Pair.CompareTo(y.Pair);
    }
}
