namespace Sluice.Engine;

/// <summary>Thrown when the engine could not read a state file (missing, truncated, or not safetensors).</summary>
public sealed class EngineIOException : EngineException
{
    /// <summary>Creates the exception with its message.</summary>
    public EngineIOException(string message)
        : base(message)
    {
    }
}
