using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sluice.Dedupe.MinHash;

/// <summary>
/// Seeded, platform-independent hashes used for shingles and band keys. They must never change between versions:
/// a persisted index holds their values.
/// </summary>
internal static class StableHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;

    /// <summary>Hashes UTF-16 code units, eight bytes at a time.</summary>
    public static ulong Hash(ReadOnlySpan<char> text, ulong seed)
    {
        var bytes = MemoryMarshal.AsBytes(text);
        var hash = seed ^ ((ulong)bytes.Length * Prime3);
        while (bytes.Length >= 8)
        {
            var lane = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            hash = BitOperations.RotateLeft(hash ^ (lane * Prime1), 31) * Prime2;
            bytes = bytes[8..];
        }

        // UTF-16 leaves 0, 2, 4 or 6 bytes.
        ulong tail = bytes.Length switch
        {
            0 => 0,
            2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => BinaryPrimitives.ReadUInt32LittleEndian(bytes) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]) << 32),
        };

        hash = BitOperations.RotateLeft(hash ^ (tail * Prime1), 27) * Prime2;
        return Mix64(hash);
    }

    /// <summary>Combines a running hash with one more value (order-sensitive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Combine(ulong hash, ulong value) =>
        BitOperations.RotateLeft(hash ^ (value * Prime2), 29) * Prime1;

    /// <summary>A 64-bit finalizer with full avalanche (Stafford's variant 13, as in SplitMix64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix64(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }

    /// <summary>A 32-bit bijective finalizer (Wellons' lowbias32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mix32(uint x)
    {
        x ^= x >> 16;
        x *= 0x7FEB352DU;
        x ^= x >> 15;
        x *= 0x846CA68BU;
        x ^= x >> 16;
        return x;
    }
}
