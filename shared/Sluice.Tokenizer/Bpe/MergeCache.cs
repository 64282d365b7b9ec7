using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Sluice.Tokenizer.Bpe;

/// <summary>
/// A small direct-mapped cache, one per thread, of pieces that needed merging (short pieces that are not whole
/// tokens: rare words, names, numbers) and their tokens. Merging such a piece costs dozens of rank lookups; real
/// text repeats them often. Per thread, so no locking and no sharing; allocated once per thread, never on the hot path.
/// </summary>
internal sealed class MergeCache
{
    public const int MaxKeyLength = 24;
    public const int MaxTokens = 12;
    private const int Entries = 1 << 15;

    [ThreadStatic]
    private static MergeCache? t_current;

    private readonly byte[] _keys = new byte[Entries * MaxKeyLength];
    private readonly byte[] _keyLengths = new byte[Entries];
    private readonly int[] _tokens = new int[Entries * MaxTokens];
    private readonly byte[] _tokenCounts = new byte[Entries];
    private RankedVocabulary? _owner;

    /// <summary>This thread's cache, emptied if it last served another vocabulary.</summary>
    public static MergeCache For(RankedVocabulary vocabulary)
    {
        var cache = t_current ??= new MergeCache();
        if (!ReferenceEquals(cache._owner, vocabulary))
        {
            Array.Clear(cache._keyLengths);
            cache._owner = vocabulary;
        }

        return cache;
    }

    /// <summary>
    /// Copies the cached tokens of <paramref name="piece"/> (whose <see cref="Slot"/> is <paramref name="slot"/>) to
    /// <paramref name="output"/> at <paramref name="count"/>; -1 on a miss.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TryGet(int slot, ReadOnlySpan<byte> piece, Span<int> output, int count)
    {
        if (_keyLengths[slot] != piece.Length || !_keys.AsSpan(slot * MaxKeyLength, piece.Length).SequenceEqual(piece))
        {
            return -1;
        }

        var n = _tokenCounts[slot];
        _tokens.AsSpan(slot * MaxTokens, n).CopyTo(output[count..]);
        return count + n;
    }

    /// <summary>Stores the tokens of <paramref name="piece"/> in its slot (replacing what was there).</summary>
    public void Add(int slot, ReadOnlySpan<byte> piece, ReadOnlySpan<int> tokens)
    {
        if (tokens.Length > MaxTokens)
        {
            return;
        }

        piece.CopyTo(_keys.AsSpan(slot * MaxKeyLength));
        tokens.CopyTo(_tokens.AsSpan(slot * MaxTokens));
        _keyLengths[slot] = (byte)piece.Length;
        _tokenCounts[slot] = (byte)tokens.Length;
    }

    /// <summary>The slot of a piece of 2 to <see cref="MaxKeyLength"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Slot(ReadOnlySpan<byte> piece)
    {
        // Pieces here are 2 to 24 bytes: mix the first and last 8 (overlapping when shorter than 16).
        ulong a, b;
        if (piece.Length >= 8)
        {
            a = BinaryPrimitives.ReadUInt64LittleEndian(piece);
            b = BinaryPrimitives.ReadUInt64LittleEndian(piece[^8..]);
        }
        else
        {
            a = 0;
            for (var i = 0; i < piece.Length; i++)
            {
                a = (a << 8) | piece[i];
            }

            b = 0;
        }

        var h = ((a * 0x9E3779B97F4A7C15UL) ^ (b + (ulong)piece.Length)) * 0xC2B2AE3D27D4EB4FUL;
        return (int)(h >> 49);
    }
}
