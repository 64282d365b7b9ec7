namespace Sluice.Ingest;

/// <summary>A dropped object about to be ingested, as the stage has measured it.</summary>
/// <param name="SourceKey">The object's key as dropped.</param>
/// <param name="SourceHash">Lower-case hex SHA-256 of the object's bytes: the same bytes dropped again have the same hash.</param>
/// <param name="ByteCount">The object's size in bytes.</param>
/// <param name="ConfigHash">The stage's configuration hash (<see cref="IngestOptions.ConfigHash"/>).</param>
public sealed record IngestSource(string SourceKey, string SourceHash, long ByteCount, string ConfigHash)
{
    /// <summary>
    /// What names this source's outputs and its ledger entry: <see cref="SourceHash"/>, so the same bytes dropped again
    /// (under any key) are one source; for an empty object, which has no bytes to tell it from any other, the SHA-256 of
    /// <c>empty:&lt;key&gt;</c>, so each empty file is quarantined under its own name rather than taken for another.
    /// </summary>
    public string Identity => ByteCount == 0
        ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("empty:" + SourceKey)))
        : SourceHash;
}
