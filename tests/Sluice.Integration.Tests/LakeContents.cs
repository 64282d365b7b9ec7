using System.Security.Cryptography;
using Sluice.Storage;

namespace Sluice.Integration.Tests;

/// <summary>Reads what the stages left in a bucket, the way a test checks it: whole objects, and snapshots of keys and hashes.</summary>
internal static class LakeContents
{
    /// <summary>The whole object at <paramref name="key"/>.</summary>
    public static async Task<byte[]> ReadAllAsync(IObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Key and SHA-256 (of the bytes read back) of every object under <paramref name="prefix"/>, in key order.</summary>
    public static async Task<List<string>> SnapshotAsync(IObjectStore store, string prefix = "")
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(prefix))
        {
            keys.Add(item.Key);
        }

        var snapshot = new List<string>();
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            snapshot.Add($"{key} {Convert.ToHexStringLower(SHA256.HashData(await ReadAllAsync(store, key)))}");
        }

        return snapshot;
    }
}
