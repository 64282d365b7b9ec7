namespace Sluice.Engine;

/// <summary>
/// An error reported by the native model engine. The message is the engine's own, prefixed with the operation that
/// failed; subclasses tell the kind of failure apart.
/// </summary>
public class EngineException : Exception
{
    /// <summary>Creates the exception with the native engine's message.</summary>
    public EngineException(string message)
        : base(message)
    {
    }
}
