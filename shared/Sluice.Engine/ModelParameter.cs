using TorchSharp;
using static TorchSharp.torch;

namespace Sluice.Engine;

/// <summary>One trainable tensor of a <see cref="GptModel"/> with its AdamW moments (created on first use).</summary>
internal sealed class ModelParameter(string name, Tensor value, bool decay) : IDisposable
{
    /// <summary>GPT-2 name, for example <c>h.0.attn.c_attn.weight</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The float32 master value; requires gradients.</summary>
    public Tensor Value { get; } = value;

    /// <summary>Whether AdamW's weight decay applies (matrices and embeddings only).</summary>
    public bool Decay { get; } = decay;

    /// <summary>AdamW's first moment; null until the first optimizer step or a loaded optimizer state.</summary>
    public Tensor? ExpAvg { get; private set; }

    /// <summary>AdamW's second moment; null until the first optimizer step or a loaded optimizer state.</summary>
    public Tensor? ExpAvgSq { get; private set; }

    /// <summary>The moments, created as zeros on first use outside any dispose scope so they live as long as the model.</summary>
    public (Tensor ExpAvg, Tensor ExpAvgSq) Moments()
    {
        ExpAvg ??= torch.zeros_like(Value).DetachFromDisposeScope();
        ExpAvgSq ??= torch.zeros_like(Value).DetachFromDisposeScope();
        return (ExpAvg, ExpAvgSq);
    }

    public void Dispose()
    {
        Value.Dispose();
        ExpAvg?.Dispose();
        ExpAvgSq?.Dispose();
    }
}
