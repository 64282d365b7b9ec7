namespace Sluice.Evaluation.EvaluationSets;

/// <summary>A <c>qa</c> item: a question, optionally with the passage that answers it, and every accepted answer.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Id">Optional id.</param>
/// <param name="Question">The question.</param>
/// <param name="Context">The passage to read first, or null for a closed-book question.</param>
/// <param name="Answers">Accepted answers; the prediction's best exact match and F1 over them count.</param>
public sealed record QuestionAnsweringItem(int Line, string? Id, string Question, string? Context, IReadOnlyList<string> Answers) : EvalSetItem(Line, Id);
