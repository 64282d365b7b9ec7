namespace Sluice.Engine;

/// <summary>Where the model's tensors live.</summary>
public enum EngineDevice
{
    /// <summary>The CPU (Debian's libtorch with OpenBLAS in dev and CI).</summary>
    Cpu = 0,

    /// <summary>The first CUDA device (needs a CUDA build of libtorch 2.x; see docs/engine.md).</summary>
    Cuda = 1,
}
