using System.Security.Cryptography;
using Sluice.Contracts;
using Sluice.Storage;

namespace Sluice.Stages;

/// <summary>
/// How a stage reads its input shard: copied out of the lake into a temporary file (a Parquet reader needs a seekable
/// stream, and a remote object is not one), deleted when the returned stream is disposed.
/// </summary>
public static class LakeShardSpool
{
    /// <summary>
    /// Copies the object an event names into a temporary file and checks it has the SHA-256 and size the event says;
    /// returns null when the object is no longer in the lake, and throws <see cref="ObjectIntegrityException"/> when it
    /// differs. The stream is positioned at the start.
    /// </summary>
    public static async Task<Stream?> SpoolVerifiedAsync(this IObjectStore lake, StoredObjectRef input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spool = await lake.SpoolAsync(input.Key, cancellationToken).ConfigureAwait(false);
        if (spool is null)
        {
            return null;
        }

        try
        {
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(spool, cancellationToken).ConfigureAwait(false));
            if (hash != input.Sha256 || spool.Length != input.ByteCount)
            {
                throw new ObjectIntegrityException(lake.Description, input.Key,
                    $"the lake holds {spool.Length} bytes with SHA-256 {hash}, the message says {input.ByteCount} bytes with {input.Sha256}");
            }

            spool.Position = 0;
            return spool;
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Copies an object into a temporary file (the store checks the hash it recorded as the copy reads to the end);
    /// returns null when there is no object at <paramref name="key"/>. The stream is positioned at the start.
    /// </summary>
    public static async Task<Stream?> SpoolAsync(this IObjectStore lake, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lake);
        Stream source;
        try
        {
            source = await lake.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }

        var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await using (source.ConfigureAwait(false))
            {
                await source.CopyToAsync(spool, cancellationToken).ConfigureAwait(false);
            }

            spool.Position = 0;
            return spool;
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
