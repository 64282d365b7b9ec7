namespace Sluice.Engine.Training;

/// <summary>What one optimizer step did; the trainer reports one per step and appends it to <c>metrics.jsonl</c>.</summary>
/// <param name="Step">The optimizer step (1-based).</param>
/// <param name="MaxSteps">The run's last step.</param>
/// <param name="Loss">Mean training loss over the step's micro-batches.</param>
/// <param name="LearningRate">The learning rate applied.</param>
/// <param name="GradNorm">Global gradient norm before clipping.</param>
/// <param name="TokensPerSecond">Training tokens processed per second in this step.</param>
/// <param name="Mfu">Model FLOPs utilisation: achieved FLOP/s (FLOPs per token × tokens/s) over the peak.</param>
/// <param name="ValidationLoss">Mean validation loss when this step evaluated; otherwise null.</param>
/// <param name="CheckpointFolder">The checkpoint written after this step, if any.</param>
public sealed record StepReport(
    long Step,
    long MaxSteps,
    double Loss,
    double LearningRate,
    double GradNorm,
    double TokensPerSecond,
    double Mfu,
    double? ValidationLoss,
    string? CheckpointFolder);
