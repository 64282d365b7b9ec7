using System.Security.Cryptography;
using System.Text;

namespace Sluice.Dedupe.Index;

/// <summary>
/// The dedupe index held in this process (the embedded run), saved to and loaded from a stream (a file or an object
/// in the local store). Claims are serialized by a lock. Saving writes entries in sorted order, so the same content
/// always saves to the same bytes; a SHA-256 trailer detects truncated or corrupted files.
/// </summary>
public sealed class InProcessDedupeIndex : IDedupeIndex
{
    private const string Magic = "SLUICE-DEDUPE-INDEX";
    private const int FormatVersion = 1;

    private readonly ClaimResolver resolver;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly InProcessIndexState state = new();

    /// <summary>Creates an empty index for the given settings.</summary>
    public InProcessDedupeIndex(DedupeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Configuration = options.IndexConfiguration();
        resolver = ClaimResolver.For(options);
    }

    /// <inheritdoc />
    public string Configuration { get; }

    /// <summary>Documents decided so far.</summary>
    public int DecisionCount => state.Decisions.Count;

    /// <summary>Loads an index saved by <see cref="SaveAsync"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="DedupeIndexFormatException">The stream is not a complete, intact index.</exception>
    /// <exception cref="DedupeIndexMismatchException">The index was built with other settings.</exception>
    public static async Task<InProcessDedupeIndex> LoadAsync(Stream stream, string source, DedupeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var index = new InProcessDedupeIndex(options);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.Length < SHA256.HashSizeInBytes)
        {
            throw new DedupeIndexFormatException(source, $"only {bytes.Length} bytes");
        }

        var body = bytes[..^SHA256.HashSizeInBytes];
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes[^SHA256.HashSizeInBytes..]))
        {
            throw new DedupeIndexFormatException(source, "checksum mismatch (truncated or corrupted)");
        }

        using var reader = new BinaryReader(new MemoryStream(body.ToArray()), Encoding.UTF8);
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new DedupeIndexFormatException(source, "not a Sluice dedupe index");
            }

            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new DedupeIndexFormatException(source, $"format version {version}, this build reads {FormatVersion}");
            }

            var stored = reader.ReadString();
            if (stored != index.Configuration)
            {
                throw new DedupeIndexMismatchException(source, stored, index.Configuration);
            }

            index.state.Read(reader);
        }
        catch (EndOfStreamException)
        {
            throw new DedupeIndexFormatException(source, "ends early");
        }
        catch (InvalidDataException e)
        {
            throw new DedupeIndexFormatException(source, e.Message);
        }

        return index;
    }

    /// <summary>Writes the whole index to <paramref name="stream"/>; the same content always produces the same bytes.</summary>
    public async Task SaveAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] body;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(Configuration);
                state.Write(writer);
            }

            body = buffer.ToArray();
        }
        finally
        {
            gate.Release();
        }

        await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(SHA256.HashData(body), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DedupeDecision>> ClaimDocumentsAsync(string shardKey, IReadOnlyList<DocumentFingerprint> documents, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(shardKey);
        ArgumentNullException.ThrowIfNull(documents);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (decisions, writes) = resolver.Resolve(shardKey, documents, state);
            state.Apply(writes);
            return decisions;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string[]>> ClaimSegmentsAsync(IReadOnlyList<SegmentClaim> claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var owners = new string[claims.Count][];
            for (var c = 0; c < claims.Count; c++)
            {
                var claim = claims[c];
                owners[c] = new string[claim.SegmentHashes.Length];
                for (var s = 0; s < claim.SegmentHashes.Length; s++)
                {
                    var hash = claim.SegmentHashes[s];
                    if (!state.Segments.TryGetValue(hash, out var owner))
                    {
                        state.Segments[hash] = owner = claim.DocumentId;
                    }

                    owners[c][s] = owner;
                }
            }

            return owners;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        gate.Dispose();
        return ValueTask.CompletedTask;
    }
}
