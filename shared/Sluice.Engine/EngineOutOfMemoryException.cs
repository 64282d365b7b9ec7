namespace Sluice.Engine;

/// <summary>Thrown when libtorch could not allocate memory for the model or a batch, or when training would not fit (<see cref="Training.MemoryEstimate"/>).</summary>
public sealed class EngineOutOfMemoryException : EngineException
{
    /// <summary>Creates the exception with its message.</summary>
    public EngineOutOfMemoryException(string message)
        : base(message)
    {
    }
}
