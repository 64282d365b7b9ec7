namespace Sluice.Training.Lines;

/// <summary>
/// <c>state/trainer/&lt;model&gt;/line.json</c>: where a model line stands, written only by the holder of its training job.
/// </summary>
/// <param name="TokenizerId">The tokenizer the line adopted with its first dataset; null before that.</param>
/// <param name="LatestDataset">The newest dataset version; 0 before the first.</param>
/// <param name="CompletedRuns">The dataset versions whose run finished.</param>
public sealed record LineState(string? TokenizerId, int LatestDataset, IReadOnlyList<int> CompletedRuns)
{
    /// <summary>A line that never trained.</summary>
    public static LineState New { get; } = new(null, 0, []);

    /// <summary>True when the newest dataset's run has not finished.</summary>
    public bool RunPending => LatestDataset > 0 && !CompletedRuns.Contains(LatestDataset);

    /// <summary>The newest version whose run finished, or 0.</summary>
    public int LatestCompleted => CompletedRuns.Count == 0 ? 0 : CompletedRuns.Max();
}
