using TorchSharp;
using static TorchSharp.torch;

namespace Sluice.Engine;

/// <summary>
/// Keys and values of every layer for the positions seen so far in one generation, in buffers sized for the whole
/// context, so each new token costs one position of attention instead of a forward pass over the whole window.
/// </summary>
internal sealed class KeyValueCache(int layers, long capacity) : IDisposable
{
    private readonly Tensor?[] keys = new Tensor?[layers];
    private readonly Tensor?[] values = new Tensor?[layers];

    /// <summary>Positions held.</summary>
    public long Length { get; private set; }

    /// <summary>Positions the buffers hold at most (the model's context).</summary>
    public long Capacity => capacity;

    /// <summary>Stores this step's keys and values [B, H, T, Q] of <paramref name="layer"/> after the held positions; returns all of them.</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        var steps = k.shape[2];
        if (keys[layer] is null)
        {
            keys[layer] = torch.empty([k.shape[0], k.shape[1], capacity, k.shape[3]], k.dtype, k.device).DetachFromDisposeScope();
            values[layer] = torch.empty([v.shape[0], v.shape[1], capacity, v.shape[3]], v.dtype, v.device).DetachFromDisposeScope();
        }

        keys[layer]!.narrow(2, Length, steps).copy_(k);
        values[layer]!.narrow(2, Length, steps).copy_(v);
        var held = (keys[layer]!.narrow(2, 0, Length + steps), values[layer]!.narrow(2, 0, Length + steps));
        if (layer == layers - 1)
        {
            Length += steps;
        }

        return held;
    }

    /// <summary>Forgets every position (a window that slid past the context is recomputed).</summary>
    public void Clear() => Length = 0;

    public void Dispose()
    {
        for (var i = 0; i < layers; i++)
        {
            keys[i]?.Dispose();
            values[i]?.Dispose();
        }
    }
}
