using System.Text.Json;
using Sluice.Contracts;
using Sluice.Storage;

namespace Sluice.Ingest.Worker;

/// <summary>
/// Which sources were ingested with which configuration, kept in the lake at
/// <c>state/ingest/sources/&lt;source-hash&gt;/&lt;config-hash&gt;.json</c> (the <see cref="SourceIngested"/> record).
/// It is written only after the source's events were published, so a crash before that ingests the source again
/// (same keys, same bytes) instead of losing its events.
/// </summary>
internal sealed class IngestLedger(IObjectStore lake)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string KeyOf(string sourceHash, string configHash) => LakeKeys.IngestLedger(sourceHash, configHash);

    public async Task<bool> ContainsAsync(string sourceHash, string configHash, CancellationToken cancellationToken) =>
        await lake.GetInfoAsync(KeyOf(sourceHash, configHash), cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Records <paramref name="ingested"/> under the source's identity (<see cref="IngestSource.Identity"/>).</summary>
    public async Task RecordAsync(string identity, SourceIngested ingested, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(ingested, Json);
        await lake.PutAsync(KeyOf(identity, ingested.StageConfigHash), new MemoryStream(bytes), cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
