namespace Sluice.Evaluation.EvaluationSets;

/// <summary>A <c>reference</c> item: the model continues <paramref name="Prompt"/>; its text is scored against <paramref name="References"/>.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Id">Optional id.</param>
/// <param name="Prompt">The text the model continues.</param>
/// <param name="References">One or more acceptable continuations (BLEU and ROUGE take all of them).</param>
public sealed record ReferenceTaskItem(int Line, string? Id, string Prompt, IReadOnlyList<string> References) : EvalSetItem(Line, Id);
