using Sluice.Engine.Training;

namespace Sluice.Engine.Checkpoints;

/// <summary><c>training.json</c> of a checkpoint: the options of the run and its position.</summary>
/// <param name="Options">The training options the run used.</param>
/// <param name="Position">Where the run stood.</param>
/// <param name="ContinuedFrom">The checkpoint folder a continued run started from (weights and AdamW state); null for a run from scratch.</param>
public sealed record TrainingRecord(TrainingOptions Options, TrainingPosition Position, string? ContinuedFrom = null);
