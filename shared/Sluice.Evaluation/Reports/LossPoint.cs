namespace Sluice.Evaluation.Reports;

/// <summary>One point of the training curve: the losses logged at a step (either may be missing at that step).</summary>
/// <param name="Step">The training step.</param>
/// <param name="TrainLoss">Training loss (nats per token) at the step, or null.</param>
/// <param name="ValidationLoss">Validation loss at the step, or null.</param>
public sealed record LossPoint(long Step, double? TrainLoss, double? ValidationLoss);
