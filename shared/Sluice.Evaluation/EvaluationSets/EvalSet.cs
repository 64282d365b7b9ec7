namespace Sluice.Evaluation.EvaluationSets;

/// <summary>
/// A loaded evaluation set: its valid items and every problem found. A set with any problem is refused
/// (<see cref="IsUsable"/> is false): the evaluator reports the problems and scores none of its items, because a score
/// over whatever lines happened to parse would change meaning silently between checkpoints, and the gate compares
/// checkpoints. The valid items are still here so a report can say how much of the set was fine.
/// </summary>
public sealed class EvalSet
{
    internal EvalSet(EvalSetKey key, IReadOnlyList<EvalSetItem> items, IReadOnlyList<EvalSetProblem> problems)
    {
        Key = key;
        Items = items;
        Problems = problems;
    }

    /// <summary>Where the set came from, its name and kind.</summary>
    public EvalSetKey Key { get; }

    /// <summary>The valid items in file order; all of the type that <see cref="EvalSetKey.Kind"/> names.</summary>
    public IReadOnlyList<EvalSetItem> Items { get; }

    /// <summary>Every problem, in file order; empty for a usable set.</summary>
    public IReadOnlyList<EvalSetProblem> Problems { get; }

    /// <summary>True when the set has items and no problem: only then is it scored.</summary>
    public bool IsUsable => Problems.Count == 0 && Items.Count > 0;

    /// <summary>The items as their concrete type, e.g. <c>ItemsOf&lt;QuestionAnsweringItem&gt;()</c>.</summary>
    public IReadOnlyList<T> ItemsOf<T>() where T : EvalSetItem => Items.OfType<T>().ToList();
}
