namespace Sluice.Ingest.Reading;

/// <summary>Temporary files that hold a stream's bytes when a reader needs to seek (zip, Parquet, the gzip trailer); deleted on close.</summary>
internal static class TempSpool
{
    /// <summary>A new read-write temporary file in <paramref name="folder"/> (or the system temp folder), deleted when disposed.</summary>
    public static FileStream Create(string? folder)
    {
        var path = Path.Combine(folder ?? Path.GetTempPath(), $"sluice-ingest-{Guid.NewGuid():N}.tmp");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
    }

    /// <summary>Copies <paramref name="source"/> to a new temporary file and returns it positioned at 0.</summary>
    public static async ValueTask<FileStream> CopyAsync(Stream source, string? folder, CancellationToken cancellationToken)
    {
        var file = Create(folder);
        try
        {
            await source.CopyToAsync(file, 64 * 1024, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
