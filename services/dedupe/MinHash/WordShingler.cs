using System.Buffers;

namespace Sluice.Dedupe.MinHash;

/// <summary>
/// Turns normalized text (words separated by single spaces) into 32-bit hashes of its word n-grams. Each word is
/// hashed once; an n-gram's hash combines its words' hashes, so no shingle string is ever built. A text with fewer
/// words than the shingle size yields one shingle of all its words; an empty text yields none.
/// </summary>
internal sealed class WordShingler(int shingleSize, ulong seed)
{
    private const ulong Polynomial = 0x9FB21C651E98DF25UL;

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

            // A polynomial hash over the word hashes, rolled one word at a time: h = w[i]·P^(n-1) + … + w[i+n-1].
            ulong leadingPower = 1;
            ulong hash = 0;
            for (var w = 0; w < width; w++)
            {
                hash = (hash * Polynomial) + words[w];
                leadingPower = w == 0 ? 1 : leadingPower * Polynomial;
            }

            var salt = seed ^ (ulong)width;
            for (var s = 0; ; s++)
            {
                var mixed = StableHash.Mix64(hash ^ salt);
                shingles[s] = (uint)mixed ^ (uint)(mixed >> 32);
                if (s + 1 == count)
                {
                    break;
                }

                hash = ((hash - (words[s] * leadingPower)) * Polynomial) + words[s + width];
            }

            return count;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }
}
