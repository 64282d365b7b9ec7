using Sluice.Engine.Checkpoints;

namespace Sluice.Engine.Training;

/// <summary>How a training run ended.</summary>
/// <param name="ResumedFromStep">The checkpoint step the run continued from; 0 for a fresh run.</param>
/// <param name="Steps">Optimizer steps completed in total.</param>
/// <param name="FinalLoss">Training loss of the last step this process ran; NaN when the run was already complete.</param>
/// <param name="FinalValidationLoss">Validation loss at the last step; null when validation is off.</param>
/// <param name="Checkpoint">The final checkpoint.</param>
/// <param name="MeanTokensPerSecond">Training tokens per second over the steps this process ran.</param>
public sealed record TrainingResult(long ResumedFromStep, long Steps, double FinalLoss, double? FinalValidationLoss, Checkpoint Checkpoint, double MeanTokensPerSecond);
