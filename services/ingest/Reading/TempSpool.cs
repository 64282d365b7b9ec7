using Sluice.Documents;

namespace Sluice.Ingest.Reading;

/// <summary>Scratch streams that hold a stream's bytes when a reader needs to seek (zip, Parquet, the gzip trailer); deleted on close.</summary>
internal static class TempSpool
{
    /// <summary>Objects up to this size are spooled in memory; larger ones in a temporary file.</summary>
    public const long MemoryBytes = 8L * 1024 * 1024;

    /// <summary>A new read-write scratch stream: in memory while small, then a temporary file in <paramref name="folder"/> (or the system temp folder), deleted when disposed.</summary>
    public static SpillStream Create(string? folder) => new(MemoryBytes, folder);

    /// <summary>Copies <paramref name="source"/> to a new temporary file and returns it positioned at 0.</summary>
    public static async ValueTask<SpillStream> CopyAsync(Stream source, string? folder, CancellationToken cancellationToken)
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
