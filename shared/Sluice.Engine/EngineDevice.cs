namespace Sluice.Engine;

/// <summary>Where the model's tensors live.</summary>
public enum EngineDevice
{
    /// <summary>The CPU (TorchSharp's libtorch 2.10 CPU build in dev and CI).</summary>
    Cpu = 0,

    /// <summary>The first CUDA device (needs the CUDA build switch or a CUDA libtorch 2.10; see docs/engine.md).</summary>
    Cuda = 1,
}
