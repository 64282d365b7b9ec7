using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Sluice.Dedupe.Index;
using Sluice.Dedupe.MinHash;
using Sluice.Dedupe.Normalization;

namespace Sluice.Dedupe;

/// <summary>Normalizes a document and computes its exact hash, MinHash signature, band keys and (when needed) shingle set.</summary>
internal sealed class DocumentFingerprinter
{
    private readonly TextNormalizer normalizer;
    private readonly WordShingler shingler;
    private readonly MinHashSignatureBuilder signatures;
    private readonly LshBanding banding;
    private readonly bool keepShingleSet;

    public DocumentFingerprinter(DedupeOptions options)
    {
        options.Validate();
        normalizer = new TextNormalizer(options.Normalization);
        shingler = new WordShingler(options.MinHash.ShingleSize, options.MinHash.Seed);
        signatures = new MinHashSignatureBuilder(options.MinHash.HashCount, options.MinHash.Seed);
        banding = new LshBanding(options.MinHash.Bands, options.MinHash.RowsPerBand, options.MinHash.Seed);
        keepShingleSet = options.Verification == NearDuplicateVerification.ExactJaccard;
    }

    public TextNormalizer Normalizer => normalizer;

    public DocumentFingerprint Fingerprint(string documentId, string text)
    {
        var normalized = normalizer.Normalize(text);
        var contentHash = ContentHash(normalized);
        var rented = ArrayPool<uint>.Shared.Rent(WordShingler.MaxShingles(normalized.Length));
        try
        {
            var count = shingler.Shingle(normalized, rented);
            var shingles = rented.AsSpan(0, count);
            var signature = new uint[signatures.HashCount];
            signatures.Compute(shingles, signature);
            var bandKeys = count == 0 ? [] : new ulong[banding.Bands];
            if (count > 0)
            {
                banding.Keys(signature, bandKeys);
            }

            uint[]? shingleSet = null;
            if (keepShingleSet)
            {
                shingles.Sort();
                var distinct = 0;
                for (var i = 0; i < shingles.Length; i++)
                {
                    if (i == 0 || shingles[i] != shingles[distinct - 1])
                    {
                        shingles[distinct++] = shingles[i];
                    }
                }

                shingleSet = shingles[..distinct].ToArray();
            }

            return new DocumentFingerprint(documentId, contentHash, signature, bandKeys, shingleSet);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(rented);
        }
    }

    /// <summary>The first 128 bits of SHA-256 over the normalized text's UTF-8 bytes.</summary>
    public static UInt128 ContentHash(string normalized)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(normalized.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(normalized, rented);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(rented.AsSpan(0, length), digest);
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
