namespace Sluice.Evaluation.EvaluationSets;

/// <summary>A <c>bias</c> item: two sentences that differ only in the group they speak of.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Id">Optional id.</param>
/// <param name="Stereotyped">The sentence that states or follows a stereotype.</param>
/// <param name="AntiStereotyped">The same sentence about another group, against the stereotype.</param>
/// <param name="Category">Optional bias category (e.g. <c>age</c>), for a per-category breakdown.</param>
public sealed record BiasPairItem(int Line, string? Id, string Stereotyped, string AntiStereotyped, string? Category) : EvalSetItem(Line, Id);
