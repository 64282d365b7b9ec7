namespace Sluice.Evaluation.EvaluationSets;

/// <summary>A <c>choice</c> item: the model scores each choice as the continuation of <paramref name="Query"/>.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Id">Optional id.</param>
/// <param name="Query">The context and question the choices continue.</param>
/// <param name="Choices">Two or more continuations (without a leading separator; the evaluator adds one space, as lm-evaluation-harness does).</param>
/// <param name="Gold">The 0-based index of the right choice.</param>
public sealed record MultipleChoiceItem(int Line, string? Id, string Query, IReadOnlyList<string> Choices, int Gold) : EvalSetItem(Line, Id);
