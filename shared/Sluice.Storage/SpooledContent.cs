using System.Security.Cryptography;

namespace Sluice.Storage;

/// <summary>
/// An upload's bytes read once from the caller's stream, hashed (SHA-256 and MD5) on the way, and held in memory up to
/// a threshold or in a temporary file beyond it, so the hash is known before the object is sent and the
/// body can be re-read for each part.
/// </summary>
internal sealed class SpooledContent : IAsyncDisposable
{
    private readonly byte[]? memory;
    private readonly string? file;

    private SpooledContent(byte[]? memory, string? file, long length, string sha256, string md5)
    {
        this.memory = memory;
        this.file = file;
        Length = length;
        Sha256 = sha256;
        Md5 = md5;
    }

    public long Length { get; }

    public string Sha256 { get; }

    public string Md5 { get; }

    public static async Task<SpooledContent> ReadAsync(Stream content, long memoryLimit, CancellationToken cancellationToken)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var memory = new MemoryStream();
        FileStream? spill = null;
        string? spillPath = null;
        var buffer = new byte[1 << 16];
        long length = 0;
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
                md5.AppendData(buffer, 0, read);
                length += read;
                if (spill is null && length > memoryLimit)
                {
                    spillPath = Path.Combine(Path.GetTempPath(), $"sluice-upload-{Guid.NewGuid():N}");
                    spill = new FileStream(spillPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                    memory.Position = 0;
                    await memory.CopyToAsync(spill, cancellationToken).ConfigureAwait(false);
                    memory = new MemoryStream();
                }

                if (spill is not null)
                {
                    await spill.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    memory.Write(buffer, 0, read);
                }
            }

            if (spill is not null)
            {
                await spill.DisposeAsync().ConfigureAwait(false);
            }

            return new SpooledContent(
                spill is null ? memory.ToArray() : null,
                spillPath,
                length,
                Convert.ToHexStringLower(sha256.GetHashAndReset()),
                Convert.ToHexStringLower(md5.GetHashAndReset()));
        }
        catch
        {
            if (spill is not null)
            {
                await spill.DisposeAsync().ConfigureAwait(false);
            }

            if (spillPath is not null)
            {
                File.Delete(spillPath);
            }

            throw;
        }
    }

    public Stream OpenRead() => memory is not null
        ? new MemoryStream(memory, writable: false)
        : new FileStream(file!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public ValueTask DisposeAsync()
    {
        if (file is not null)
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }
}
