namespace Sluice.Engine;

/// <summary>Thrown when libtorch itself raised an error; the message is libtorch's.</summary>
public sealed class TorchException : EngineException
{
    /// <summary>Creates the exception with libtorch's message, prefixed with the operation.</summary>
    public TorchException(string message)
        : base(message)
    {
    }
}
