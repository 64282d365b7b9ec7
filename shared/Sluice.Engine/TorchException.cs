namespace Sluice.Engine;

/// <summary>Thrown when libtorch itself raised an error; the message is libtorch's.</summary>
public sealed class TorchException : EngineException
{
    /// <summary>Creates the exception with the native engine's message.</summary>
    public TorchException(string message)
        : base(message)
    {
    }
}
