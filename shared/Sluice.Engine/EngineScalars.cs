using TorchSharp;

namespace Sluice.Engine;

/// <summary>
/// Scalars the engine hands to libtorch on every step, made once and never freed. TorchSharp makes a native scalar for
/// every number passed where it expects a <see cref="Scalar"/>, and several of its overloads make one of their own
/// (<c>add(tensor)</c> passes alpha = 1); nothing holds such a scalar once its handle is read, so its finalizer can free
/// it while libtorch still reads it ("Expected false to be true" or "Unknown scalar type" from a step, reproduced by
/// collecting in a loop beside the calls). The engine therefore passes only scalars that are alive until the call
/// returns: these, or ones it makes and disposes after the call (docs/engine.md, "Implicit scalars").
/// </summary>
internal static class EngineScalars
{
    /// <summary>One: the alpha of a plain addition, the step of a range, the cap of the clipping coefficient.</summary>
    public static readonly Scalar One = 1.ToScalar();
}
