namespace Sluice.Dedupe.MinHash;

/// <summary>
/// Splits a signature into bands and hashes each band (with its band number) to one 64-bit key. Two documents are
/// LSH candidates when any key matches.
/// </summary>
internal sealed class LshBanding(int bands, int rowsPerBand, ulong seed)
{
    public int Bands => bands;

    public void Keys(ReadOnlySpan<uint> signature, Span<ulong> keys)
    {
        for (var band = 0; band < bands; band++)
        {
            var hash = StableHash.Mix64(seed ^ ((ulong)(band + 1) * 0xD6E8FEB86659FD93UL));
            var rows = signature.Slice(band * rowsPerBand, rowsPerBand);
            foreach (var row in rows)
            {
                hash = StableHash.Combine(hash, row);
            }

            keys[band] = StableHash.Mix64(hash);
        }
    }

    /// <summary>The fraction of equal rows: an unbiased estimate of the two documents' Jaccard similarity.</summary>
    public static double EstimateJaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.Length != b.Length || a.Length == 0)
        {
            throw new ArgumentException($"Signatures differ in length ({a.Length} vs {b.Length}).");
        }

        var equal = 0;
        for (var i = 0; i < a.Length; i++)
        {
            equal += a[i] == b[i] ? 1 : 0;
        }

        return (double)equal / a.Length;
    }

    /// <summary>Exact Jaccard similarity of two sorted, distinct sets of shingle hashes.</summary>
    public static double ExactJaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1.0;
        }

        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)common / (a.Length + b.Length - common);
    }
}
