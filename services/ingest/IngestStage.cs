using Sluice.Contracts;
using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Sluice.Documents;
using Sluice.Ingest.Formats;
using Sluice.Ingest.Reading;

namespace Sluice.Ingest;

/// <summary>
/// The ingest stage: turns one dropped object (any supported format or archive) into standardized document shards
/// (<c>docs/raw/&lt;source-hash&gt;/…</c>) and quarantined records (<c>rejected/ingest/&lt;reason&gt;/…</c>), handed to an
/// <see cref="IIngestSink"/>. It knows nothing about buses or stores, so a worker, the embedded run, tests and benchmarks
/// all call it the same way. Output keys and bytes depend only on the object's bytes, its key and the options.
/// One instance may run any number of objects at the same time.
/// </summary>
public sealed class IngestStage
{
    /// <summary>The stage name used in rejected keys and shard lineage.</summary>
    public const string StageName = "ingest";

    private readonly IngestOptions _options;

    /// <summary>Creates the stage; throws <see cref="ArgumentException"/> when <paramref name="options"/> are invalid.</summary>
    public IngestStage(IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        ConfigHash = options.ConfigHash();
    }

    /// <summary>The configuration hash of this stage's options (<see cref="IngestOptions.ConfigHash"/>).</summary>
    public string ConfigHash { get; }

    /// <summary>
    /// Lower-case hex SHA-256 of a stream's bytes, read to its end: the <see cref="IngestSource.SourceHash"/> the stage
    /// will compute for the same bytes, for hosts that want to skip a known object before handing it over.
    /// </summary>
    public static async Task<string> HashSourceAsync(Stream input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(input, cancellationToken));
    }

    /// <summary>
    /// Quarantines a dropped object that could not be read at all because its name is not a usable key (a hidden file,
    /// a symbolic link, a backslash…): one rejected record under <c>rejected/ingest/invalid-key/</c> naming the object and
    /// the problem, so it is reported rather than passed over. With no bytes to hash, the shard's lineage hash is the
    /// SHA-256 of the object's name, which keeps the key stable for the same name.
    /// </summary>
    /// <param name="name">The object's name as the drop store holds it.</param>
    /// <param name="problem">Why the name is unusable, for a person.</param>
    /// <param name="byteCount">The object's size, or -1 when unknown.</param>
    /// <param name="sink">Receives the rejected shard.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<IReadOnlyList<ShardInfo>> QuarantineUnreadableAsync(string name, string problem, long byteCount, IShardSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(problem);
        ArgumentNullException.ThrowIfNull(sink);

        var nameHash = DocumentIdentity.Sha256(Encoding.UTF8.GetBytes(name));
        var lineage = new ShardLineage(StageName, name, nameHash, ConfigHash);
        var record = new RejectedRecord(
            DocumentIdentity.Id(name, string.Empty, string.Empty), StageName, RejectionReasons.InvalidKey,
            $"the dropped object '{name}' was not read: {problem}; rename or move it to ingest it",
            name, string.Empty, null, "{}", null, byteCount);
        await using var rejected = new RejectedShardWriter(sink, lineage, (reason, part) => LakeKeys.Rejected(StageName, reason, nameHash, ConfigHash, part), _options.Shards);
        await rejected.WriteAsync(record, cancellationToken);
        return await rejected.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// Ingests one object. Reads <paramref name="input"/> to its end (it need not be seekable), hashes it, asks the sink
    /// whether to go on, then writes document shards and rejected shards to the sink. Bad input never throws: it is
    /// quarantined with its reason and reported in the result. Throws only for cancellation and sink failures.
    /// </summary>
    /// <param name="input">The object's bytes.</param>
    /// <param name="sourceKey">The object's key as dropped (its extension selects the format; it is recorded in every document).</param>
    /// <param name="sink">Receives the finished shards.</param>
    /// <param name="cancellationToken">Stops the run; shards already handed to the sink stay there.</param>
    public async Task<IngestResult> RunAsync(Stream input, string sourceKey, IIngestSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(sourceKey);
        ArgumentNullException.ThrowIfNull(sink);

        await using var spool = TempSpool.Create(_options.Shards.SpoolFolder);
        var (sourceHash, byteCount, tooLarge) = await SpoolAsync(input, spool, cancellationToken);
        var source = new IngestSource(sourceKey, sourceHash, byteCount, ConfigHash);
        if (!await sink.ShouldIngestAsync(source, cancellationToken))
        {
            return new IngestResult { Source = source, Skipped = true };
        }

        var lineage = new ShardLineage(StageName, sourceKey, sourceHash, ConfigHash);
        await using var documents = new DocumentShardWriter(sink, lineage, part => LakeKeys.Documents(LakeKeys.RawLayer, source.Identity, ConfigHash, part), _options.Shards);
        await using var rejected = new RejectedShardWriter(sink, lineage, (reason, part) => LakeKeys.Rejected(StageName, reason, source.Identity, ConfigHash, part), _options.Shards);
        var run = new IngestRun(_options, source, documents, rejected);
        var objectOrigin = RecordOrigin.Whole(string.Empty, FormatDetector.FromName(sourceKey));
        if (tooLarge)
        {
            await run.RejectAsync(RejectionReasons.SizeLimit, $"the object has {byteCount} bytes, more than the {_options.MaxObjectBytes} allowed (MaxObjectBytes)",
                objectOrigin, null, byteCount, cancellationToken, contentHash: sourceHash);
        }
        else if (byteCount == 0)
        {
            await run.RejectAsync(RejectionReasons.EmptyFile, "the object has no bytes", objectOrigin, null, 0, cancellationToken, contentHash: sourceHash);
        }
        else
        {
            spool.Position = 0;
            try
            {
                await new ObjectReader(run).ReadAsync(spool, sourceKey, string.Empty, 0, byteCount, cancellationToken);
            }
            catch (QuarantineException e)
            {
                await run.RejectAsync(e.Reason, e.Message, objectOrigin, null, byteCount, cancellationToken, contentHash: sourceHash);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                // Only the decompressors and archive readers throw these: the container is damaged past what they could read.
                await run.RejectAsync(RejectionReasons.TruncatedArchive, $"the object is truncated or damaged: {e.Message}", objectOrigin, null, byteCount, cancellationToken, contentHash: sourceHash);
            }
        }

        var documentShards = await documents.CompleteAsync(cancellationToken);
        var rejectedShards = await rejected.CompleteAsync(cancellationToken);
        return new IngestResult
        {
            Source = source,
            DocumentShards = documentShards,
            RejectedShards = rejectedShards,
            DocumentCount = run.DocumentCount,
            DocumentTextBytes = run.DocumentTextBytes,
            RejectedByReason = run.RejectedByReason,
            DocumentsByFormat = run.DocumentsByFormat,
            DocumentsByProfile = run.DocumentsByProfile,
            Standardization = run.Tally.ToCounters(),
            ObjectRejected = run.DocumentCount == 0,
        };
    }

    private async Task<(string Hash, long Bytes, bool TooLarge)> SpoolAsync(Stream input, SpillStream spool, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        long total = 0;
        var tooLarge = false;
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
                if (total > _options.MaxObjectBytes)
                {
                    // Keep hashing so the same oversized bytes are recognised again, but stop storing them.
                    tooLarge = true;
                    continue;
                }

                await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await spool.FlushAsync(cancellationToken);
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total, tooLarge);
    }
}
