using System.Buffers;

namespace Sluice.Dedupe.MinHash;

/// <summary>
/// Turns normalized text (words separated by single spaces) into 32-bit hashes of its word n-grams. Each word is
/// hashed once; an n-gram's hash combines its words' hashes, so no shingle string is ever built. A text with fewer
/// words than the shingle size yields one shingle of all its words; an empty text yields none.
/// </summary>
internal sealed class WordShingler(int shingleSize, ulong seed)
{
    /// <summary>Upper bound on the shingles <see cref="Shingle"/> writes for a text of this length.</summary>
    public static int MaxShingles(int textLength) => (textLength / 2) + 1;

    /// <summary>Writes the shingle hashes of <paramref name="normalized"/> into <paramref name="shingles"/> and returns how many.</summary>
    public int Shingle(ReadOnlySpan<char> normalized, Span<uint> shingles)
    {
        var wordCapacity = (normalized.Length / 2) + 1;
        var rented = ArrayPool<ulong>.Shared.Rent(wordCapacity);
        try
        {
            var words = rented.AsSpan(0, wordCapacity);
            var wordCount = 0;
            var start = 0;
            for (var i = 0; i < normalized.Length; i++)
            {
                var c = normalized[i];
                if (c == ' ' || (c > ' ' ? c >= 0x80 && char.IsWhiteSpace(c) : char.IsWhiteSpace(c)))
                {
                    if (i > start)
                    {
                        words[wordCount++] = StableHash.Hash(normalized[start..i], seed);
                    }

                    start = i + 1;
                }
            }

            if (normalized.Length > start)
            {
                words[wordCount++] = StableHash.Hash(normalized[start..], seed);
            }

            if (wordCount == 0)
            {
                return 0;
            }

            var width = Math.Min(shingleSize, wordCount);
            var count = wordCount - width + 1;
            for (var s = 0; s < count; s++)
            {
                var hash = seed ^ (ulong)width;
                for (var w = 0; w < width; w++)
                {
                    hash = StableHash.Combine(hash, words[s + w]);
                }

                var mixed = StableHash.Mix64(hash);
                shingles[s] = (uint)mixed ^ (uint)(mixed >> 32);
            }

            return count;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }
}
