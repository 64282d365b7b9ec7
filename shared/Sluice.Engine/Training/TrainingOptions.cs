using System.Text.Json.Serialization;

namespace Sluice.Engine.Training;

/// <summary>How a model is trained. Defaults follow GPT-2/nanoGPT where they apply; <see cref="Validate"/> checks every property.</summary>
public sealed record TrainingOptions
{
    /// <summary>Rows per micro-batch. Default 8.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Tokens per row (at most the model's context). Default 256.</summary>
    public int SequenceLength { get; init; } = 256;

    /// <summary>Micro-batches whose gradients are summed (averaged) before each optimizer step. Default 1.</summary>
    public int AccumulationSteps { get; init; } = 1;

    /// <summary>Optimizer steps of the whole run. Default 1000.</summary>
    public int MaxSteps { get; init; } = 1000;

    /// <summary>Peak learning rate. Default 6e-4.</summary>
    public double LearningRate { get; init; } = 6e-4;

    /// <summary>Learning rate at the end of the cosine decay. Default 6e-5.</summary>
    public double MinLearningRate { get; init; } = 6e-5;

    /// <summary>Steps of linear warmup. Default 100.</summary>
    public int WarmupSteps { get; init; } = 100;

    /// <summary>AdamW decoupled weight decay, on matrices and embeddings only. Default 0.1.</summary>
    public double WeightDecay { get; init; } = 0.1;

    /// <summary>AdamW beta1. Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW beta2. Default 0.95.</summary>
    public double Beta2 { get; init; } = 0.95;

    /// <summary>AdamW epsilon. Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Global gradient-norm clip; 0 disables clipping. Default 1.0.</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Validation loss every this many steps (and at the last step); 0 disables validation. Default 100.</summary>
    public int EvalEvery { get; init; } = 100;

    /// <summary>Batches of the validation split averaged into one validation loss. Default 8.</summary>
    public int EvalBatches { get; init; } = 8;

    /// <summary>
    /// A checkpoint every this many steps (and at the last step, and when the run is cancelled); 0 checkpoints only
    /// then. Default 50: a short run interrupted early still keeps most of its work.
    /// </summary>
    public int CheckpointEvery { get; init; } = 50;

    /// <summary>
    /// Also a checkpoint when this many seconds have passed since the last one, whatever the step; 0 disables the
    /// clock. Default 600 (ten minutes): slow steps of large models lose at most that much work.
    /// </summary>
    public double CheckpointIntervalSeconds { get; init; } = 600;

    /// <summary>Complete checkpoints kept in the run folder: older ones are deleted once a newer one is complete; 0 keeps all. Default 2.</summary>
    public int KeepCheckpoints { get; init; } = 2;

    /// <summary>Seed of the batch sampler. Default 1.</summary>
    public ulong DataSeed { get; init; } = 1;

    /// <summary>libtorch intra-op threads; 0 keeps libtorch's default. Fix it for bitwise-reproducible runs. Default 0.</summary>
    public int Threads { get; init; }

    /// <summary>Peak FLOP/s used for MFU; 0 picks a nominal figure for the device (see docs/engine.md). Default 0.</summary>
    public double PeakFlops { get; init; }

    /// <summary>The learning-rate schedule these options describe.</summary>
    [JsonIgnore]
    public LearningRateSchedule Schedule => new(LearningRate, MinLearningRate, WarmupSteps, MaxSteps);

    /// <summary>Tokens consumed by one optimizer step.</summary>
    [JsonIgnore]
    public long TokensPerStep => (long)BatchSize * SequenceLength * AccumulationSteps;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        Require(BatchSize > 0, nameof(BatchSize), "must be positive");
        Require(SequenceLength > 0, nameof(SequenceLength), "must be positive");
        Require(AccumulationSteps > 0, nameof(AccumulationSteps), "must be positive");
        Require(MaxSteps > 0, nameof(MaxSteps), "must be positive");
        Require(LearningRate > 0, nameof(LearningRate), "must be positive");
        Require(MinLearningRate >= 0 && MinLearningRate <= LearningRate, nameof(MinLearningRate), "must be in [0, LearningRate]");
        Require(WarmupSteps >= 0 && WarmupSteps <= MaxSteps, nameof(WarmupSteps), "must be in [0, MaxSteps]");
        Require(WeightDecay >= 0, nameof(WeightDecay), "must not be negative");
        Require(Beta1 is >= 0 and < 1, nameof(Beta1), "must be in [0, 1)");
        Require(Beta2 is >= 0 and < 1, nameof(Beta2), "must be in [0, 1)");
        Require(Epsilon > 0, nameof(Epsilon), "must be positive");
        Require(MaxGradNorm >= 0, nameof(MaxGradNorm), "must not be negative");
        Require(EvalEvery >= 0, nameof(EvalEvery), "must not be negative");
        Require(EvalBatches > 0, nameof(EvalBatches), "must be positive");
        Require(CheckpointEvery >= 0, nameof(CheckpointEvery), "must not be negative");
        Require(CheckpointIntervalSeconds >= 0, nameof(CheckpointIntervalSeconds), "must not be negative");
        Require(KeepCheckpoints >= 0, nameof(KeepCheckpoints), "must not be negative");
        Require(Threads >= 0, nameof(Threads), "must not be negative");
        Require(PeakFlops >= 0, nameof(PeakFlops), "must not be negative");
    }

    /// <summary>Throws when these options do not fit <paramref name="model"/> (a sequence longer than its context).</summary>
    public void ValidateFor(ModelConfig model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Validate();
        Require(SequenceLength <= model.ContextLength, nameof(SequenceLength), $"must not exceed the model's context length {model.ContextLength}");
    }

    private void Require(bool condition, string property, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"Training option {property} {rule}; got {GetType().GetProperty(property)!.GetValue(this)}", property);
        }
    }
}
