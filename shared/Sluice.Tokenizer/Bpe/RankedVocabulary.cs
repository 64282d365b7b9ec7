using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sluice.Tokenizer.Bpe;

/// <summary>
/// The mergeable tokens of a byte-level BPE and their ranks: byte strings stored back to back, and an
/// open-addressing hash table from byte string to rank. Immutable and thread-safe once built.
/// </summary>
internal sealed class RankedVocabulary
{
    private readonly byte[] _bytes;
    private readonly int[] _offsets;
    private readonly RankSlot[] _slots;
    private readonly int _mask;
    private readonly int[] _singleByteRanks = new int[256];

    // The rank of every two-byte token, indexed by the two bytes (first byte low): most pair lookups in the merge loop
    // are of two single bytes, and one load from a 256 KiB table beats hashing.
    private readonly int[] _pairRanks = new int[1 << 16];

    // The hot table: every token of up to 6 bytes without a zero byte and with rank below 65,535, each packed into one
    // ulong (48 bits of key, 16 bits of rank + 1; without zero bytes the key's length is implied). Short tokens are
    // most lookups, and this table is a fraction of the size of the main one, so it mostly stays in cache.
    private const int HotMaxLength = 6;
    private const int HotRankLimit = 65534;
    private readonly ulong[] _hot;
    private readonly int _hotMask;

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
        _slots = new RankSlot[capacity];
        Array.Fill(_singleByteRanks, -1);
        Array.Fill(_pairRanks, -1);
        var hotCount = tokens.Take(HotRankLimit).Count(t => t is not null && IsHotCandidate(t));
        _hot = new ulong[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, hotCount * 2))];
        _hotMask = _hot.Length - 1;
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

            _slots[slot] = new RankSlot { Prefix = prefix, Rank = r, Check = CheckOf(hash, token.Length) };
            if (token.Length == 1)
            {
                _singleByteRanks[token[0]] = r;
            }
            else if (token.Length == 2)
            {
                _pairRanks[token[0] | (token[1] << 8)] = r;
            }

            if (r < HotRankLimit && IsHotCandidate(token))
            {
                var hotSlot = HotSlot(prefix);
                while (_hot[hotSlot] != 0)
                {
                    hotSlot = (hotSlot + 1) & _hotMask;
                }

                _hot[hotSlot] = prefix | ((ulong)(r + 1) << 48);
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

    /// <summary>The rank of the two bytes <paramref name="first"/> <paramref name="second"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int RankOfPair(byte first, byte second) => _pairRanks[first | (second << 8)];

    /// <summary>The rank of a byte string, or -1 when it is not a token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Lookup(ReadOnlySpan<byte> key)
    {
        if (key.Length <= 2)
        {
            return key.Length == 2 ? _pairRanks[key[0] | (key[1] << 8)] : key.Length == 1 ? _singleByteRanks[key[0]] : -1;
        }

        if (key.Length > MaxTokenLength)
        {
            return -1;
        }

        var prefix = Prefix(key);
        if (key.Length <= HotMaxLength && !HasZeroByte(prefix, key.Length))
        {
            var hotSlot = HotSlot(prefix);
            var hot = _hot;
            while (true)
            {
                var entry = hot[hotSlot];
                if ((entry & 0xFFFF_FFFF_FFFFUL) == prefix)
                {
                    return (int)(entry >> 48) - 1;
                }

                if (entry == 0)
                {
                    break;
                }

                hotSlot = (hotSlot + 1) & _hotMask;
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
    private int HotSlot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> 40) & _hotMask;

    private static bool IsHotCandidate(byte[] token) => token.Length <= HotMaxLength && !token.AsSpan().Contains((byte)0);

    /// <summary>Whether one of the first <paramref name="length"/> bytes packed in <paramref name="prefix"/> is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HasZeroByte(ulong prefix, int length)
    {
        var filled = prefix | (ulong.MaxValue << (length * 8));
        return ((filled - 0x0101010101010101UL) & ~filled & 0x8080808080808080UL) != 0;
    }

    // Keys of up to 8 bytes are compared exactly through (prefix, length) inside the slot, with no other memory touched.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Prefix(ReadOnlySpan<byte> key)
    {
        if (key.Length >= 8)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(key);
        }

        // Two overlapping reads instead of a copy: the shared bytes are equal, so OR-ing them is exact.
        return key.Length switch
        {
            >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(key) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(key[^4..]) << ((key.Length - 4) * 8)),
            >= 2 => BinaryPrimitives.ReadUInt16LittleEndian(key) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(key[^2..]) << ((key.Length - 2) * 8)),
            1 => key[0],
            _ => 0,
        };
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
}
