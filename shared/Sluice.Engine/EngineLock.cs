namespace Sluice.Engine;

/// <summary>
/// One libtorch call at a time per process. A trainer and an evaluator (or two trainer replicas) in one process made
/// libtorch fail its own checks mid-step when their calls, model creation and disposal, and thread settings
/// interleaved. Every call the engine makes is short (a step, a forward pass, one generation, one tensor's bytes), so
/// the others wait briefly; one process trains one model at a time in practice.
/// </summary>
internal static class EngineLock
{
    /// <summary>Held around every libtorch call of the engine.</summary>
    public static readonly Lock Gate = new();
}
