using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Sluice.Engine.Export;

/// <summary>A tensor to write into a safetensors file.</summary>
/// <param name="Name">The tensor's key.</param>
/// <param name="Dtype">The safetensors dtype: <c>F32</c>, <c>BF16</c>, <c>I64</c> or <c>U8</c>.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Data">Row-major little-endian bytes; their count must equal the product of <paramref name="Shape"/> times the dtype's size.</param>
public sealed record SafetensorsTensor(string Name, string Dtype, IReadOnlyList<long> Shape, ReadOnlyMemory<byte> Data)
{
    /// <summary>A float32 (<c>F32</c>) tensor from row-major values.</summary>
    public static SafetensorsTensor FromFloats(string name, IReadOnlyList<long> shape, float[] values) =>
        new(name, "F32", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>A copy of a TorchSharp tensor (any device), in its own dtype.</summary>
    internal static SafetensorsTensor From(string name, Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        var host = tensor.detach().cpu().contiguous();
        return new SafetensorsTensor(name, SafetensorsDtype.Name(host.dtype), host.shape, host.bytes.ToArray());
    }
}
