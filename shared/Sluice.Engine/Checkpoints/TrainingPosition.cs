namespace Sluice.Engine.Checkpoints;

/// <summary>Where a run stood when a checkpoint was taken: enough, with the model state, to continue exactly.</summary>
/// <param name="Step">Optimizer steps completed.</param>
/// <param name="SamplerState">The batch sampler's generator state (the data position).</param>
/// <param name="TokensSeen">Training tokens consumed so far.</param>
public sealed record TrainingPosition(long Step, ulong SamplerState, long TokensSeen);
