namespace Sluice.Integration.Tests;

/// <summary>One dropped object and what ingest must make of it.</summary>
/// <param name="Key">Its key in the drop bucket.</param>
/// <param name="Bytes">Its content.</param>
/// <param name="Phrases">One phrase per document it must produce (each document contains its phrase).</param>
/// <param name="QuarantineReason">The reason its bad part (or the whole object) must be quarantined with; null when all good.</param>
internal sealed record SampleObject(string Key, byte[] Bytes, IReadOnlyList<string> Phrases, string? QuarantineReason);
