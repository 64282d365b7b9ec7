namespace Sluice.Engine;

/// <summary>
/// An error of the model engine: libtorch's own message or the engine's, prefixed with the operation that failed;
/// subclasses tell the kind of failure apart.
/// </summary>
public class EngineException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public EngineException(string message)
        : base(message)
    {
    }
}
