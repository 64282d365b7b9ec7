namespace Sluice.Evaluation.Metrics;

/// <summary>A multiple-choice set's accuracies (0–1), lm-evaluation-harness's <c>acc</c> and <c>acc_norm</c> averaged over questions.</summary>
/// <param name="Accuracy"><c>acc</c>: share of questions where the highest log-likelihood is the gold choice.</param>
/// <param name="NormalizedAccuracy"><c>acc_norm</c>: the same with log-likelihoods per character.</param>
/// <param name="Questions">How many questions were scored.</param>
public sealed record MultipleChoiceScores(double Accuracy, double NormalizedAccuracy, int Questions);
