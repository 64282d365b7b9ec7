using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Sluice.Storage;

/// <summary>
/// Objects as files under one root folder (the embedded mode's lake and drop folder). A put streams into
/// <c>.sluice-tmp/</c>, records the SHA-256 under <c>.sluice-meta/</c>, then renames the file into place, so readers
/// see the old object or the new one, never a partial one. Paths are resolved and checked to stay under the root,
/// and symbolic links are neither followed nor listed.
/// </summary>
internal sealed class LocalFolderObjectStore : IObjectStore
{
    private const string TempFolder = ".sluice-tmp";
    private const string MetaFolder = ".sluice-meta";
    private readonly string root;

    public LocalFolderObjectStore(string rootFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootFolder);
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootFolder));
        Directory.CreateDirectory(root);
        Description = $"folder:{root}";
    }

    public string Description { get; }

    public async Task<ObjectInfo> PutAsync(string key, Stream content, string? expectedSha256 = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var expected = Sha256Hex.Normalize(expectedSha256, nameof(expectedSha256));
        var path = PathOf(key);
        var tempFolder = Path.Combine(root, TempFolder);
        Directory.CreateDirectory(tempFolder);
        var temp = Path.Combine(tempFolder, Guid.NewGuid().ToString("N"));
        var tempMeta = temp + ".meta";
        try
        {
            string sha256;
            long length;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                length = file.Length;
            }

            if (expected is not null && expected != sha256)
            {
                throw new ObjectIntegrityException(Description, key, $"the bytes written have SHA-256 {sha256}, expected {expected}");
            }

            await File.WriteAllTextAsync(tempMeta, string.Create(CultureInfo.InvariantCulture, $"{sha256} {length}\n"), cancellationToken).ConfigureAwait(false);
            var metaPath = MetaPathOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(metaPath)!);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(tempMeta, metaPath, overwrite: true);
            File.Move(temp, path, overwrite: true);
            return new ObjectInfo
            {
                Key = key,
                ByteCount = length,
                Sha256 = sha256,
                ETag = sha256,
                LastModified = File.GetLastWriteTimeUtc(path),
            };
        }
        finally
        {
            File.Delete(temp);
            File.Delete(tempMeta);
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var info = Describe(key, path) ?? throw new ObjectNotFoundException(Description, key);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new ObjectNotFoundException(Description, key, e);
        }

        // The length recorded at write time is checked, not the current one, so a truncated file fails verification.
        var recordedLength = ReadMeta(key)?.Length ?? file.Length;
        return Task.FromResult<Stream>(new VerifyingReadStream(file, Description, key, recordedLength, info.Sha256));
    }

    public Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(Describe(key, PathOf(key)));

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        var slash = prefix.LastIndexOf('/');
        var startFolder = slash < 0 ? root : Path.Combine(root, prefix[..slash]);
        var startKey = slash < 0 ? string.Empty : prefix[..(slash + 1)];
        var keys = new List<string>();
        if (Directory.Exists(startFolder) && !IsLink(startFolder))
        {
            CollectKeys(startFolder, startKey, prefix, keys);
        }

        keys.Sort(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = Describe(key, PathOf(key));
            if (info is not null)
            {
                yield return info;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public async IAsyncEnumerable<UnaddressableObject> ListUnaddressableAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        var found = new List<UnaddressableObject>();
        CollectUnaddressable(root, string.Empty, prefix, found);
        found.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var item in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        // File.Delete accepts a missing file but not a missing folder; either way the object is absent, as asked.
        if (Directory.Exists(Path.GetDirectoryName(path)))
        {
            File.Delete(path);
            File.Delete(MetaPathOf(key));
        }

        return Task.CompletedTask;
    }

    private static bool IsLink(string path) => File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint);

    private void CollectKeys(string folder, string keyPrefix, string prefix, List<string> keys)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            // Dot-entries are the store's bookkeeping (or hidden files); links could lead outside the root.
            if (entry.Name.StartsWith('.') || entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                continue;
            }

            var key = keyPrefix + entry.Name;
            if (entry is DirectoryInfo directory)
            {
                var folderKey = key + "/";
                if (folderKey.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(folderKey, StringComparison.Ordinal))
                {
                    CollectKeys(directory.FullName, folderKey, prefix, keys);
                }
            }
            else if (key.StartsWith(prefix, StringComparison.Ordinal) && ObjectKey.IsValid(key))
            {
                keys.Add(key);
            }
        }
    }

    private void CollectUnaddressable(string folder, string namePrefix, string prefix, List<UnaddressableObject> found)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            var name = namePrefix + entry.Name;
            if (namePrefix.Length == 0 && entry.Name is TempFolder or MetaFolder)
            {
                continue;
            }

            var relevant = name.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(name + "/", StringComparison.Ordinal);
            if (!relevant)
            {
                continue;
            }

            if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                found.Add(new UnaddressableObject(name, "it is a symbolic link, which could lead outside the store's folder", -1));
            }
            else if (entry is DirectoryInfo directory)
            {
                CollectUnaddressable(directory.FullName, name + "/", prefix, found);
            }
            else if (name.StartsWith(prefix, StringComparison.Ordinal) && ObjectKey.Problem(name) is { } problem)
            {
                found.Add(new UnaddressableObject(name, problem, ((FileInfo)entry).Length));
            }
        }
    }

    private ObjectInfo? Describe(string key, string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists || file.Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            return null;
        }

        var meta = ReadMeta(key);
        return new ObjectInfo
        {
            Key = key,
            ByteCount = file.Length,
            Sha256 = meta?.Sha256,
            ETag = meta?.Sha256 ?? string.Create(CultureInfo.InvariantCulture, $"{file.Length}-{file.LastWriteTimeUtc.Ticks}"),
            LastModified = file.LastWriteTimeUtc,
        };
    }

    private (string Sha256, long Length)? ReadMeta(string key)
    {
        var metaPath = MetaPathOf(key);
        if (!File.Exists(metaPath))
        {
            return null;
        }

        var parts = File.ReadAllText(metaPath).Split(' ', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts[0].Length != 64 || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var length))
        {
            throw new ObjectIntegrityException(Description, key, $"its hash record {metaPath} is malformed");
        }

        return (parts[0], length);
    }

    private string PathOf(string key)
    {
        ObjectKey.Validate(key);
        return Contained(Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar)), key);
    }

    private string MetaPathOf(string key) =>
        Contained(Path.Combine(root, MetaFolder, key.Replace('/', Path.DirectorySeparatorChar)), key);

    private string Contained(string candidate, string key)
    {
        var full = Path.GetFullPath(candidate);
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidObjectKeyException(key, $"it resolves outside the store's root {root}");
        }

        // A linked folder on the way would lead outside the root even though the path text stays inside it.
        for (var folder = Path.GetDirectoryName(full); folder is not null && folder.Length > root.Length; folder = Path.GetDirectoryName(folder))
        {
            if (Directory.Exists(folder) && IsLink(folder))
            {
                throw new InvalidObjectKeyException(key, $"the folder {folder} on its path is a link");
            }
        }

        return full;
    }
}
