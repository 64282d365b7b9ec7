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
    private readonly int[] _slotRanks;
    private readonly ulong[] _slotHashes;
    private readonly int _mask;
    private readonly int[] _singleByteRanks = new int[256];

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
        _slotRanks = new int[capacity];
        _slotHashes = new ulong[capacity];
        Array.Fill(_slotRanks, -1);
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

            var hash = Hash(token);
            var slot = (int)hash & _mask;
            while (_slotRanks[slot] >= 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slotRanks[slot] = r;
            _slotHashes[slot] = hash;
            if (token.Length == 1)
            {
                _singleByteRanks[token[0]] = r;
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

        var hash = Hash(key);
        var slot = (int)hash & _mask;
        while (true)
        {
            var rank = _slotRanks[slot];
            if (rank < 0)
            {
                return -1;
            }

            if (_slotHashes[slot] == hash && BytesOf(rank).SequenceEqual(key))
            {
                return rank;
            }

            slot = (slot + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ReadOnlySpan<byte> key)
    {
        const ulong K = 0x9E3779B97F4A7C15UL;
        var h = (ulong)key.Length * K;
        var i = 0;
        for (; i + 8 <= key.Length; i += 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(key[i..])) * K;
            h ^= h >> 29;
        }

        if (i < key.Length)
        {
            ulong tail = 0;
            for (var j = key.Length - 1; j >= i; j--)
            {
                tail = (tail << 8) | key[j];
            }

            h = (h ^ tail) * K;
        }

        h ^= h >> 32;
        h *= 0xD6E8FEB86659FD93UL;
        h ^= h >> 32;
        return h;
    }
}
