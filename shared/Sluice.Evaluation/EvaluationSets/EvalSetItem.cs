namespace Sluice.Evaluation.EvaluationSets;

/// <summary>One valid line of an evaluation set.</summary>
/// <param name="Line">The 1-based line number in the file.</param>
/// <param name="Id">The item's optional <c>id</c>, unique within the set; reports name items by it (or by line).</param>
public abstract record EvalSetItem(int Line, string? Id);
