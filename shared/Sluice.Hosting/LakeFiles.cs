using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Contracts;
using Sluice.Storage;

namespace Sluice.Hosting;

/// <summary>Copies objects between the lake and a service's local work folder, each checked against its SHA-256 both ways.</summary>
public sealed class LakeFiles([FromKeyedServices(ObjectStoreNames.Lake)] IObjectStore lake)
{
    /// <summary>The lake's description, for messages.</summary>
    public string Description => lake.Description;

    /// <summary>
    /// Makes <paramref name="path"/> hold exactly the object <paramref name="source"/> names (reusing a local copy with the
    /// right hash). Throws <see cref="ObjectIntegrityException"/> when the lake holds other bytes, <see cref="ObjectNotFoundException"/> when none.
    /// </summary>
    public async Task DownloadAsync(StoredObjectRef source, string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && new FileInfo(path).Length == source.ByteCount && await HashAsync(path, cancellationToken).ConfigureAwait(false) == source.Sha256)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        var stream = await lake.OpenReadAsync(source.Key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await using var file = File.Create(partial);
            await stream.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        var hash = await HashAsync(partial, cancellationToken).ConfigureAwait(false);
        var length = new FileInfo(partial).Length;
        if (hash != source.Sha256 || length != source.ByteCount)
        {
            File.Delete(partial);
            throw new ObjectIntegrityException(lake.Description, source.Key, $"the lake holds {length} bytes with SHA-256 {hash}; the message says {source.ByteCount} bytes with {source.Sha256}");
        }

        File.Move(partial, path, overwrite: true);
    }

    /// <summary>Puts a local file into the lake and checks the lake then holds exactly its bytes.</summary>
    public async Task<StoredObjectRef> UploadAsync(string path, string key, long records, CancellationToken cancellationToken)
    {
        var hash = await HashAsync(path, cancellationToken).ConfigureAwait(false);
        var length = new FileInfo(path).Length;
        await using (var file = File.OpenRead(path))
        {
            await lake.PutAsync(key, file, hash, cancellationToken).ConfigureAwait(false);
        }

        var stored = await lake.GetInfoAsync(key, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.ByteCount != length || (stored.Sha256 is { } storedHash && storedHash != hash))
        {
            throw new ObjectIntegrityException(lake.Description, key, $"after writing {length} bytes with SHA-256 {hash} the lake holds {(stored is null ? "nothing" : $"{stored.ByteCount} bytes with {stored.Sha256}")}");
        }

        return new StoredObjectRef { Key = key, Sha256 = hash, ByteCount = length, RecordCount = records };
    }

    /// <summary>The keys under a prefix, in key order.</summary>
    public async Task<List<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var item in lake.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(item.Key);
        }

        return keys;
    }

    /// <summary>Deletes an object (gone already is fine).</summary>
    public Task DeleteAsync(string key, CancellationToken cancellationToken) => lake.DeleteAsync(key, cancellationToken);

    /// <summary>The object's recorded size and hash, or null.</summary>
    public Task<ObjectInfo?> InfoAsync(string key, CancellationToken cancellationToken) => lake.GetInfoAsync(key, cancellationToken);

    /// <summary>Reads a small object whole, or null when there is none.</summary>
    public async Task<byte[]?> ReadBytesAsync(string key, CancellationToken cancellationToken)
    {
        if (await lake.GetInfoAsync(key, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        await using var stream = await lake.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Writes a small object.</summary>
    public Task PutBytesAsync(string key, byte[] bytes, CancellationToken cancellationToken) => lake.PutAsync(key, new MemoryStream(bytes), cancellationToken: cancellationToken);

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
    }
}
