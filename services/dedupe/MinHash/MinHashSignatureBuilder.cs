using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sluice.Dedupe.MinHash;

/// <summary>
/// Computes MinHash signatures from shingle hashes. Hash function <c>i</c> is <c>lowbias32(shingle ^ seed_i)</c>: a
/// seeded bijection of the 32-bit shingle space, so each row is the minimum of an independent-looking permutation.
/// The seeds come from SplitMix64 over <see cref="MinHashOptions.Seed"/>, so signatures are the same on every machine.
/// Sixteen (or eight) hash functions are evaluated at once in SIMD lanes; nothing is allocated per shingle.
/// </summary>
internal sealed class MinHashSignatureBuilder
{
    private readonly uint[] seeds;

    public MinHashSignatureBuilder(int hashCount, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hashCount, 1);
        HashCount = hashCount;

        // Padded to whole 512-bit vectors; the padding lanes are computed and discarded.
        var padded = (hashCount + 15) / 16 * 16;
        seeds = new uint[padded];
        var state = seed;
        for (var i = 0; i < padded; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            seeds[i] = (uint)StableHash.Mix64(state);
        }
    }

    public int HashCount { get; }

    /// <summary>Writes the signature of <paramref name="shingles"/> (<see cref="HashCount"/> values). No shingles gives all <see cref="uint.MaxValue"/>.</summary>
    public void Compute(ReadOnlySpan<uint> shingles, Span<uint> signature)
    {
        if (signature.Length < HashCount)
        {
            throw new ArgumentException($"Signature span holds {signature.Length} values; {HashCount} are needed.", nameof(signature));
        }

        Span<uint> padded = stackalloc uint[seeds.Length];
        if (Vector512.IsHardwareAccelerated)
        {
            ComputeVector512(shingles, padded);
        }
        else
        {
            ComputeVector256(shingles, padded);
        }

        padded[..HashCount].CopyTo(signature);
    }

    private void ComputeVector512(ReadOnlySpan<uint> shingles, Span<uint> output)
    {
        var seedVectors = MemoryMarshal.Cast<uint, Vector512<uint>>(seeds.AsSpan());
        var outputVectors = MemoryMarshal.Cast<uint, Vector512<uint>>(output);
        var block = 0;
        for (; block + 1 < seedVectors.Length; block += 2)
        {
            var seedA = seedVectors[block];
            var seedB = seedVectors[block + 1];
            var minA = Vector512<uint>.AllBitsSet;
            var minB = Vector512<uint>.AllBitsSet;
            foreach (var shingle in shingles)
            {
                var x = Vector512.Create(shingle);
                minA = Vector512.Min(minA, Mix(x ^ seedA));
                minB = Vector512.Min(minB, Mix(x ^ seedB));
            }

            outputVectors[block] = minA;
            outputVectors[block + 1] = minB;
        }

        for (; block < seedVectors.Length; block++)
        {
            var seed = seedVectors[block];
            var min = Vector512<uint>.AllBitsSet;
            foreach (var shingle in shingles)
            {
                min = Vector512.Min(min, Mix(Vector512.Create(shingle) ^ seed));
            }

            outputVectors[block] = min;
        }
    }

    private void ComputeVector256(ReadOnlySpan<uint> shingles, Span<uint> output)
    {
        var seedVectors = MemoryMarshal.Cast<uint, Vector256<uint>>(seeds.AsSpan());
        var outputVectors = MemoryMarshal.Cast<uint, Vector256<uint>>(output);
        var block = 0;
        for (; block + 1 < seedVectors.Length; block += 2)
        {
            var seedA = seedVectors[block];
            var seedB = seedVectors[block + 1];
            var minA = Vector256<uint>.AllBitsSet;
            var minB = Vector256<uint>.AllBitsSet;
            foreach (var shingle in shingles)
            {
                var x = Vector256.Create(shingle);
                minA = Vector256.Min(minA, Mix(x ^ seedA));
                minB = Vector256.Min(minB, Mix(x ^ seedB));
            }

            outputVectors[block] = minA;
            outputVectors[block + 1] = minB;
        }

        for (; block < seedVectors.Length; block++)
        {
            var seed = seedVectors[block];
            var min = Vector256<uint>.AllBitsSet;
            foreach (var shingle in shingles)
            {
                min = Vector256.Min(min, Mix(Vector256.Create(shingle) ^ seed));
            }

            outputVectors[block] = min;
        }
    }

    // The same arithmetic as StableHash.Mix32, lane by lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Mix(Vector512<uint> x)
    {
        x ^= Vector512.ShiftRightLogical(x, 16);
        x *= Vector512.Create(0x7FEB352DU);
        x ^= Vector512.ShiftRightLogical(x, 15);
        x *= Vector512.Create(0x846CA68BU);
        x ^= Vector512.ShiftRightLogical(x, 16);
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Mix(Vector256<uint> x)
    {
        x ^= Vector256.ShiftRightLogical(x, 16);
        x *= Vector256.Create(0x7FEB352DU);
        x ^= Vector256.ShiftRightLogical(x, 15);
        x *= Vector256.Create(0x846CA68BU);
        x ^= Vector256.ShiftRightLogical(x, 16);
        return x;
    }
}
