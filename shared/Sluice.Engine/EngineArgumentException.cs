namespace Sluice.Engine;

/// <summary>Thrown when the engine rejected an argument (a bad shape, a token outside the vocabulary, an invalid option).</summary>
public sealed class EngineArgumentException : EngineException
{
    /// <summary>Creates the exception with its message.</summary>
    public EngineArgumentException(string message)
        : base(message)
    {
    }
}
