using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sluice.Tokenizer.Bpe;

/// <summary>
/// The mergeable tokens of a byte-level BPE and their ranks: byte strings stored back to back, and an
/// open-addressing hash table from byte string to rank. Immutable and thread-safe once built.
/// </summary>
internal sealed class RankedVocabulary
{
    private readonly byte[] _bytes;
    private readonly int[] _offsets;
    private readonly Slot[] _slots;
    private readonly int _mask;
    private readonly int[] _singleByteRanks = new int[256];

    // The hot table: tokens of up to 6 bytes with rank below 8,191 (the most frequent merges, hence most lookups),
    // each packed into one ulong (48 bits of key, 3 bits of length, 13 bits of rank + 1) in 128 KiB that stays in cache.
    private const int HotMaxLength = 6;
    private const int HotRankLimit = 8191;
    private const int HotMask = (1 << 14) - 1;
    private readonly ulong[] _hot = new ulong[HotMask + 1];

    /// <summary>Builds the vocabulary; <paramref name="tokens"/>[r] is the byte string of rank r (null where a rank is unused).</summary>
    public RankedVocabulary(IReadOnlyList<byte[]?> tokens)
    {
        Count = tokens.Count;
        _offsets = new int[Count + 1];
        var total = 0;
        for (var r = 0; r < Count; r++)
        {
            _offsets[r] = total;
            total += tokens[r]?.Length ?? 0;
            MaxTokenLength = Math.Max(MaxTokenLength, tokens[r]?.Length ?? 0);
        }

        _offsets[Count] = total;
        _bytes = new byte[total];
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, Count * 2));
        _mask = capacity - 1;
        _slots = new Slot[capacity];
        Array.Fill(_singleByteRanks, -1);
        for (var r = 0; r < Count; r++)
        {
            var token = tokens[r];
            if (token is null)
            {
                continue;
            }

            if (token.Length == 0)
            {
                throw new ArgumentException($"Rank {r} is an empty byte string.", nameof(tokens));
            }

            token.CopyTo(_bytes, _offsets[r]);
            if (Lookup(token) >= 0)
            {
                throw new ArgumentException($"Rank {r} repeats the byte string of rank {Lookup(token)}.", nameof(tokens));
            }

            var prefix = Prefix(token);
            var hash = Hash(prefix, token);
            var slot = (int)hash & _mask;
            while (_slots[slot].Check != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = new Slot { Prefix = prefix, Rank = r, Check = CheckOf(hash, token.Length) };
            if (token.Length == 1)
            {
                _singleByteRanks[token[0]] = r;
            }

            if (token.Length <= HotMaxLength && r < HotRankLimit)
            {
                var hotKey = prefix | ((ulong)token.Length << 48);
                var hotSlot = HotSlot(hotKey);
                while (_hot[hotSlot] != 0)
                {
                    hotSlot = (hotSlot + 1) & HotMask;
                }

                _hot[hotSlot] = hotKey | ((ulong)(r + 1) << 51);
            }
        }
    }

    /// <summary>Number of ranks (the highest rank + 1).</summary>
    public int Count { get; }

    /// <summary>Length of the longest token in bytes.</summary>
    public int MaxTokenLength { get; }

    /// <summary>The byte string of a rank (empty for an unused rank).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> BytesOf(int rank) => _bytes.AsSpan(_offsets[rank], _offsets[rank + 1] - _offsets[rank]);

    /// <summary>The rank of a single byte, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int RankOfByte(byte b) => _singleByteRanks[b];

    /// <summary>The rank of a byte string, or -1 when it is not a token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Lookup(ReadOnlySpan<byte> key)
    {
        if (key.Length > MaxTokenLength)
        {
            return -1;
        }

        var prefix = Prefix(key);
        if (key.Length <= HotMaxLength)
        {
            var hotKey = prefix | ((ulong)key.Length << 48);
            var hotSlot = HotSlot(hotKey);
            var hot = _hot;
            while (true)
            {
                var entry = hot[hotSlot];
                if ((entry & ((1UL << 51) - 1)) == hotKey)
                {
                    return (int)(entry >> 51) - 1;
                }

                if (entry == 0)
                {
                    break;
                }

                hotSlot = (hotSlot + 1) & HotMask;
            }
        }

        var hash = Hash(prefix, key);
        var check = CheckOf(hash, key.Length);
        var slot = (int)hash & _mask;
        var slots = _slots;
        while (true)
        {
            ref var entry = ref slots[slot];
            if (entry.Check == check && entry.Prefix == prefix && (key.Length <= 8 || BytesOf(entry.Rank).SequenceEqual(key)))
            {
                return entry.Rank;
            }

            if (entry.Check == 0)
            {
                return -1;
            }

            slot = (slot + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HotSlot(ulong hotKey) => (int)((hotKey * 0x9E3779B97F4A7C15UL) >> 50) & HotMask;

    // Keys of up to 8 bytes are compared exactly through (prefix, length) inside the slot, with no other memory touched.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Prefix(ReadOnlySpan<byte> key)
    {
        if (key.Length >= 8)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(key);
        }

        ulong value = 0;
        key.CopyTo(MemoryMarshal.AsBytes(new Span<ulong>(ref value)));
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint CheckOf(ulong hash, int length) => ((uint)(hash >> 40) << 8) | (uint)Math.Min(length, 255) | 1u << 31;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ulong prefix, ReadOnlySpan<byte> key)
    {
        const ulong K = 0x9E3779B97F4A7C15UL;
        var h = (prefix ^ ((ulong)key.Length * 0xC2B2AE3D27D4EB4FUL)) * K;
        for (var i = 8; i + 8 <= key.Length; i += 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(key[i..])) * K;
        }

        if (key.Length > 8 && (key.Length & 7) != 0)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(key[^8..])) * K;
        }

        h ^= h >> 29;
        h *= 0xD6E8FEB86659FD93UL;
        h ^= h >> 32;
        return h;
    }

    private struct Slot
    {
        public ulong Prefix;
        public int Rank;
        public uint Check;
    }
}
