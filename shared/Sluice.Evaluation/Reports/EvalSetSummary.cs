using Sluice.Evaluation.EvaluationSets;

namespace Sluice.Evaluation.Reports;

/// <summary>What the report says of one evaluation set: its size, whether it was scored, and its problems.</summary>
/// <param name="Key">Its object key.</param>
/// <param name="Name">Its name (the prefix of its metrics' names).</param>
/// <param name="Kind">Its kind as in the file name (<c>reference</c>, <c>qa</c>, <c>choice</c>, <c>bias</c>).</param>
/// <param name="Items">Valid items.</param>
/// <param name="Used">Whether it was scored (a set with problems is not).</param>
/// <param name="Problems">Its problems as <c>file:line: field: message</c>.</param>
public sealed record EvalSetSummary(string Key, string Name, string Kind, int Items, bool Used, IReadOnlyList<string> Problems)
{
    /// <summary>The summary of a loaded set.</summary>
    public static EvalSetSummary From(EvalSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new EvalSetSummary(set.Key.Key, set.Key.Name, EvalSetKey.KindSuffixes[set.Key.Kind], set.Items.Count, set.IsUsable,
            set.Problems.Select(p => p.ToString()).ToList());
    }
}
