namespace Sluice.Evaluation.Metrics;

/// <summary>ROUGE-1, ROUGE-2 and ROUGE-L of one prediction.</summary>
/// <param name="Rouge1">Unigram overlap.</param>
/// <param name="Rouge2">Bigram overlap.</param>
/// <param name="RougeL">Longest common subsequence.</param>
public sealed record RougeScores(RougeScore Rouge1, RougeScore Rouge2, RougeScore RougeL);
