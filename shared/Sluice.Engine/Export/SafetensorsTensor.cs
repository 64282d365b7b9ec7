namespace Sluice.Engine.Export;

/// <summary>A float32 tensor to write into a safetensors file.</summary>
/// <param name="Name">The tensor's key.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Values">Row-major values; their count must equal the product of <paramref name="Shape"/>.</param>
public sealed record SafetensorsTensor(string Name, IReadOnlyList<long> Shape, float[] Values);
