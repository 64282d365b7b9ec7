using static TorchSharp.torch;

namespace Sluice.Engine;

/// <summary>The parameters of one pre-norm transformer block (weights [out, in] as in torch.nn.Linear).</summary>
internal sealed record TransformerBlock(
    Tensor Ln1Weight,
    Tensor Ln1Bias,
    Tensor AttnWeight,
    Tensor AttnBias,
    Tensor AttnProjWeight,
    Tensor AttnProjBias,
    Tensor Ln2Weight,
    Tensor Ln2Bias,
    Tensor FcWeight,
    Tensor FcBias,
    Tensor FcProjWeight,
    Tensor FcProjBias);
