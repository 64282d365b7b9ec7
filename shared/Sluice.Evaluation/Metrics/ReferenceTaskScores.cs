namespace Sluice.Evaluation.Metrics;

/// <summary>
/// A reference task's scores: corpus BLEU of the generations against their references (sacreBLEU defaults) and the
/// mean over items of ROUGE-1/2/L F1, each item scored against its best reference (<see cref="Rouge.ScoreBest"/>).
/// </summary>
/// <param name="Bleu">Corpus BLEU, 0–100.</param>
/// <param name="Rouge1">Mean ROUGE-1 F1, 0–1.</param>
/// <param name="Rouge2">Mean ROUGE-2 F1, 0–1.</param>
/// <param name="RougeL">Mean ROUGE-L F1, 0–1.</param>
/// <param name="Items">How many items were scored.</param>
public sealed record ReferenceTaskScores(BleuScore Bleu, double Rouge1, double Rouge2, double RougeL, int Items)
{
    /// <summary>Scores each generation against its references.</summary>
    /// <param name="items">Each item's generated text and its references.</param>
    public static ReferenceTaskScores Compute(IReadOnlyList<(string Generation, IReadOnlyList<string> References)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("No item to score.", nameof(items));
        }

        var bleu = Metrics.Bleu.Corpus(items.Select(i => i.Generation).ToList(), items.Select(i => i.References).ToList());
        var rouge = items.Select(i => Rouge.ScoreBest(i.References, i.Generation)).ToList();
        return new ReferenceTaskScores(
            bleu,
            rouge.Average(r => r.Rouge1.F1),
            rouge.Average(r => r.Rouge2.F1),
            rouge.Average(r => r.RougeL.F1),
            items.Count);
    }
}
