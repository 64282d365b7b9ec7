namespace Sluice.Storage;

/// <summary>There is no object at the key that was read.</summary>
public sealed class ObjectNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="key"/> in the store described by <paramref name="store"/>.</summary>
    public ObjectNotFoundException(string store, string key, Exception? inner = null)
        : base($"No object '{key}' in {store}.", inner)
    {
        Key = key;
    }

    /// <summary>The missing key.</summary>
    public string Key { get; }
}
