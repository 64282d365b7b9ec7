namespace Sluice.Engine;

/// <summary>One named parameter tensor of a model, in GPT-2 naming (for example <c>h.0.attn.c_attn.weight</c>).</summary>
/// <param name="Index">Position in the model's tensor list.</param>
/// <param name="Name">GPT-2 name; linear weights are stored [out, in] as in torch.nn.Linear.</param>
/// <param name="Shape">Dimensions.</param>
public sealed record ModelTensor(int Index, string Name, IReadOnlyList<long> Shape)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);
}
