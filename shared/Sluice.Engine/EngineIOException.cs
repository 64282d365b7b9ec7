namespace Sluice.Engine;

/// <summary>Thrown when the engine could not read or write a file (a missing, truncated or foreign state file).</summary>
public sealed class EngineIOException : EngineException
{
    /// <summary>Creates the exception with the native engine's message.</summary>
    public EngineIOException(string message)
        : base(message)
    {
    }
}
