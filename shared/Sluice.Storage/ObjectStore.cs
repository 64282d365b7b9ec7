namespace Sluice.Storage;

/// <summary>Opens the object store implementations.</summary>
public static class ObjectStore
{
    /// <summary>A store over the files under <paramref name="rootFolder"/> (created if missing).</summary>
    public static IObjectStore OpenFolder(string rootFolder) => new LocalFolderObjectStore(rootFolder);

    /// <summary>A store over one S3 bucket; <paramref name="options"/> are validated first. Dispose it to release its client.</summary>
    public static IObjectStore OpenS3(S3StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new S3ObjectStore(options);
    }
}
