namespace Sluice.Storage;

/// <summary>An object's bytes do not match the hash or size recorded or expected for them.</summary>
public sealed class ObjectIntegrityException : Exception
{
    /// <summary>Creates the exception for <paramref name="key"/> with what was expected and what was found.</summary>
    public ObjectIntegrityException(string store, string key, string detail)
        : base($"Object '{key}' in {store} failed verification: {detail}.")
    {
        Key = key;
    }

    /// <summary>The key of the object that failed verification.</summary>
    public string Key { get; }
}
