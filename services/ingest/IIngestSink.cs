using Sluice.Documents;

namespace Sluice.Ingest;

/// <summary>
/// Where the ingest stage puts its output: finished document and rejected shards (<see cref="IShardSink"/>), after asking
/// whether an object with these bytes needs ingesting at all.
/// </summary>
public interface IIngestSink : IShardSink
{
    /// <summary>
    /// Called once per object, after its bytes were read and hashed and before any shard is written. Return false to skip
    /// it (for example because a source with the same <see cref="IngestSource.SourceHash"/> and configuration hash was
    /// already ingested); the stage then writes nothing and reports <see cref="IngestResult.Skipped"/>.
    /// </summary>
    ValueTask<bool> ShouldIngestAsync(IngestSource source, CancellationToken cancellationToken);
}
