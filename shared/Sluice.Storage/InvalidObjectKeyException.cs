namespace Sluice.Storage;

/// <summary>A key breaks the rules of <see cref="ObjectKey"/>.</summary>
public sealed class InvalidObjectKeyException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="key"/> and the rule it breaks.</summary>
    public InvalidObjectKeyException(string key, string problem)
        : base($"Invalid object key '{key}': {problem}.")
    {
        Key = key;
    }

    /// <summary>The rejected key.</summary>
    public string Key { get; }
}
