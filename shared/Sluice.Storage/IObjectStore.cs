namespace Sluice.Storage;

/// <summary>
/// One bucket of objects addressed by key. Objects become visible atomically (complete or absent), their SHA-256 is
/// recorded when written and checked when read back, and keys are validated by <see cref="ObjectKey"/>.
/// </summary>
public interface IObjectStore
{
    /// <summary>A short description for logs and errors (for example <c>s3://lake</c> or <c>folder:/data/lake</c>).</summary>
    string Description { get; }

    /// <summary>
    /// Streams <paramref name="content"/> into the object at <paramref name="key"/>, replacing any object there.
    /// The object becomes visible only once it is complete. When <paramref name="expectedSha256"/> is given and the
    /// bytes read do not match it, nothing is written and <see cref="ObjectIntegrityException"/> is thrown.
    /// </summary>
    /// <returns>The stored object, with its SHA-256 and size.</returns>
    Task<ObjectInfo> PutAsync(string key, Stream content, string? expectedSha256 = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the object for streaming reads. When the object has a recorded SHA-256, reading to the end verifies it and
    /// throws <see cref="ObjectIntegrityException"/> on a mismatch. Throws <see cref="ObjectNotFoundException"/> when absent.
    /// </summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The object's size and recorded hash, or <c>null</c> when there is no object at <paramref name="key"/>.</summary>
    Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, in ordinal key order.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every object under <paramref name="prefix"/> that <see cref="ListAsync"/> leaves out because its name is not a
    /// valid key (see <see cref="UnaddressableObject"/>); the store's own bookkeeping is never listed.
    /// </summary>
    IAsyncEnumerable<UnaddressableObject> ListUnaddressableAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object at <paramref name="key"/>; deleting an absent object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}
