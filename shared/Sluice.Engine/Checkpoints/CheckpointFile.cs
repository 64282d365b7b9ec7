namespace Sluice.Engine.Checkpoints;

/// <summary>One file of a checkpoint as the manifest records it.</summary>
/// <param name="Name">File name inside the checkpoint folder.</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content.</param>
public sealed record CheckpointFile(string Name, long Bytes, string Sha256);
