namespace Sluice.Engine;

/// <summary>
/// The files <see cref="GptModel.SaveState"/> writes into a checkpoint folder, all safetensors (docs/engine.md,
/// "Checkpoints"): the weights under the engine's names; the AdamW moments <c>exp_avg.NAME</c> and
/// <c>exp_avg_sq.NAME</c> with the step count in the metadata; the dropout generator's state as bytes.
/// </summary>
public static class ModelStateFiles
{
    /// <summary>The weights, float32, under the engine's tensor names.</summary>
    public const string Weights = "model.safetensors";

    /// <summary>The AdamW state: <c>exp_avg.NAME</c>, <c>exp_avg_sq.NAME</c> (float32); metadata <c>format</c> and <c>step</c>.</summary>
    public const string Optimizer = "optimizer.safetensors";

    /// <summary>The generator states: <see cref="DropoutGenerator"/> (U8, libtorch's generator state layout).</summary>
    public const string Rng = "rng.safetensors";

    /// <summary>The <c>format</c> metadata of <see cref="Optimizer"/>.</summary>
    public const string OptimizerFormat = "sluice-adamw-1";

    /// <summary>The <c>format</c> metadata of <see cref="Rng"/>.</summary>
    public const string RngFormat = "sluice-rng-1";

    /// <summary>The tensor of <see cref="Rng"/> holding the dropout generator's state.</summary>
    public const string DropoutGenerator = "dropout_generator";
}
