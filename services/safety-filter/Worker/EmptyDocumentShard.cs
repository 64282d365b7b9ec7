using System.Security.Cryptography;
using Sluice.Documents;
using Sluice.Parquet;

namespace Sluice.SafetyFilter.Worker;

/// <summary>
/// A document shard with no rows, written when every document of an input was dropped, so <c>Cleaned</c> always names a
/// real output shard (with the same footer lineage as any other) and readers need no special case.
/// </summary>
internal static class EmptyDocumentShard
{
    public static async Task<ShardInfo> WriteAsync(IShardSink sink, string key, ShardLineage lineage, CancellationToken cancellationToken)
    {
        var bytes = new MemoryStream();
        var writerOptions = new ParquetWriterOptions { CreatedBy = "Sluice.Documents" };
        foreach (var (name, value) in ShardFooter.Write(lineage, ShardKind.Documents, null))
        {
            writerOptions.Metadata[name] = value;
        }

        using (new ParquetWriter(bytes, DocumentSchema.Documents, writerOptions, leaveOpen: true))
        {
        }

        bytes.Position = 0;
        var info = new ShardInfo(key, ShardKind.Documents, null, 0, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray())), 0);
        await sink.PutShardAsync(info, bytes, cancellationToken).ConfigureAwait(false);
        return info;
    }
}
