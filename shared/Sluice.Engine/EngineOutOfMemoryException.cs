namespace Sluice.Engine;

/// <summary>Thrown when libtorch could not allocate memory for the model or a batch.</summary>
public sealed class EngineOutOfMemoryException : EngineException
{
    /// <summary>Creates the exception with the native engine's message.</summary>
    public EngineOutOfMemoryException(string message)
        : base(message)
    {
    }
}
