namespace Sluice.Engine.Training;

/// <summary>
/// Training FLOPs per token, 6N + 12·L·H·Q·T (PaLM, appendix B; the form llm.c and nanoGPT use): N parameters,
/// L layers, H heads, Q head size, T sequence length.
/// </summary>
public static class FlopsEstimate
{
    /// <summary>FLOPs of one forward and backward pass per token.</summary>
    public static double PerToken(ModelConfig model, long parameters, int sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(model);
        return (6.0 * parameters) + (12.0 * model.Layers * model.Heads * model.HeadSize * sequenceLength);
    }

    /// <summary>
    /// The nominal peak FLOP/s of a device: 989 TFLOP/s (H100 SXM, dense bf16) on CUDA; on CPU, threads × 2.5 GHz ×
    /// 32 float32 FLOPs per cycle (two AVX2 FMA units), a nominal figure to compare runs, not a measured one.
    /// </summary>
    public static double NominalPeak(EngineDevice device, int threads) =>
        device == EngineDevice.Cuda ? 989e12 : Math.Max(1, threads) * 2.5e9 * 32;
}
