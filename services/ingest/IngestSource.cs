namespace Sluice.Ingest;

/// <summary>A dropped object about to be ingested, as the stage has measured it.</summary>
/// <param name="SourceKey">The object's key as dropped.</param>
/// <param name="SourceHash">Lower-case hex SHA-256 of the object's bytes: the same bytes dropped again have the same hash.</param>
/// <param name="ByteCount">The object's size in bytes.</param>
/// <param name="ConfigHash">The stage's configuration hash (<see cref="IngestOptions.ConfigHash"/>).</param>
public sealed record IngestSource(string SourceKey, string SourceHash, long ByteCount, string ConfigHash);
