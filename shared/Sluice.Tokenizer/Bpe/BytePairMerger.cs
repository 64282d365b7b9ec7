using System.Buffers;
using System.Runtime.CompilerServices;

namespace Sluice.Tokenizer.Bpe;

/// <summary>
/// tiktoken's merge rule for one piece: repeatedly merge the adjacent pair whose concatenation has the lowest rank
/// (the leftmost on ties) until no adjacent pair is a token. Short pieces use stack arrays and a linear scan (as
/// tiktoken does); long pieces (long runs of spaces or digits, huge words) use a heap so they stay O(n log n).
/// </summary>
internal static class BytePairMerger
{
    private const int LinearLimit = 128;

    /// <summary>
    /// Appends the tokens of <paramref name="piece"/> to <paramref name="output"/> at <paramref name="count"/>; returns
    /// the new count. <paramref name="cache"/> is this thread's merge cache, fetched on first need and kept by the caller.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Encode(RankedVocabulary vocabulary, ReadOnlySpan<byte> piece, Span<int> output, int count, ref MergeCache? cache)
    {
        var whole = piece.Length == 1 ? vocabulary.RankOfByte(piece[0]) : vocabulary.Lookup(piece);
        if (whole >= 0)
        {
            output[count] = whole;
            return count + 1;
        }

        return EncodeParts(vocabulary, piece, output, count, ref cache);
    }

    private static int EncodeParts(RankedVocabulary vocabulary, ReadOnlySpan<byte> piece, Span<int> output, int count, ref MergeCache? cache)
    {
        if (piece.Length > MergeCache.MaxKeyLength)
        {
            return piece.Length <= LinearLimit ? EncodeLinear(vocabulary, piece, output, count) : EncodeWithHeap(vocabulary, piece, output, count);
        }

        cache ??= MergeCache.For(vocabulary);
        var slot = MergeCache.Slot(piece);
        var cached = cache.TryGet(slot, piece, output, count);
        if (cached >= 0)
        {
            return cached;
        }

        var end = EncodeLinear(vocabulary, piece, output, count);
        cache.Add(slot, piece, output[count..end]);
        return end;
    }

    // The two stack arrays are written before they are read; zeroing them first is wasted work on a hot path.
    [SkipLocalsInit]
    private static int EncodeLinear(RankedVocabulary vocabulary, ReadOnlySpan<byte> piece, Span<int> output, int count)
    {
        // starts[k] is where part k begins; ranks[k] is the rank of parts k and k+1 merged (int.MaxValue: not a token).
        var n = piece.Length;
        Span<int> starts = stackalloc int[n + 1];
        Span<int> ranks = stackalloc int[n + 1];
        for (var i = 0; i < n - 1; i++)
        {
            starts[i] = i;
            var rank = vocabulary.RankOfPair(piece[i], piece[i + 1]);
            ranks[i] = rank < 0 ? int.MaxValue : rank;
        }

        starts[n - 1] = n - 1;
        starts[n] = n;
        ranks[n - 1] = int.MaxValue;
        var parts = n;
        while (true)
        {
            var best = int.MaxValue;
            var at = -1;
            for (var k = 0; k < parts - 1; k++)
            {
                if (ranks[k] < best)
                {
                    best = ranks[k];
                    at = k;
                }
            }

            if (at < 0)
            {
                break;
            }

            // Merge parts at and at+1: drop start at+1, then re-rank the pairs that now involve the merged part.
            // Pieces here are short: a plain loop beats a call to Memmove.
            for (var k = at + 1; k < parts; k++)
            {
                starts[k] = starts[k + 1];
                ranks[k] = ranks[k + 1];
            }

            parts--;
            ranks[at] = at + 1 < parts ? RankOrMax(vocabulary, piece[starts[at]..starts[at + 2]]) : int.MaxValue;
            if (at > 0)
            {
                ranks[at - 1] = RankOrMax(vocabulary, piece[starts[at - 1]..starts[at + 1]]);
            }
        }

        for (var k = 0; k < parts; k++)
        {
            var part = piece[starts[k]..starts[k + 1]];
            output[count++] = RequireRank(vocabulary.Lookup(part), part);
        }

        return count;
    }

    private static int EncodeWithHeap(RankedVocabulary vocabulary, ReadOnlySpan<byte> piece, Span<int> output, int count)
    {
        var n = piece.Length;
        var next = ArrayPool<int>.Shared.Rent(n);
        var previous = ArrayPool<int>.Shared.Rent(n);
        var pairRank = ArrayPool<int>.Shared.Rent(n);
        var heap = ArrayPool<long>.Shared.Rent(n * 3);
        try
        {
            var heapCount = 0;
            for (var i = 0; i < n; i++)
            {
                next[i] = i + 1;
                previous[i] = i - 1;
                pairRank[i] = i + 1 < n ? RankOrMax(vocabulary.RankOfPair(piece[i], piece[i + 1])) : int.MaxValue;
                if (pairRank[i] != int.MaxValue)
                {
                    Push(heap, ref heapCount, pairRank[i], i);
                }
            }

            while (heapCount > 0)
            {
                var top = Pop(heap, ref heapCount);
                var rank = (int)(top >> 32);
                var start = (int)(top & 0xFFFFFFFF);
                if (pairRank[start] != rank || previous[start] == -2)
                {
                    continue;
                }

                // Merge the part at start with its right neighbour.
                var right = next[start];
                var afterRight = next[right];
                previous[right] = -2;
                next[start] = afterRight;
                if (afterRight < n)
                {
                    previous[afterRight] = start;
                }

                pairRank[start] = afterRight < n ? RankOrMax(vocabulary, piece[start..next[afterRight]]) : int.MaxValue;
                if (pairRank[start] != int.MaxValue)
                {
                    Push(heap, ref heapCount, pairRank[start], start);
                }

                var left = previous[start];
                if (left >= 0)
                {
                    pairRank[left] = RankOrMax(vocabulary, piece[left..next[start]]);
                    if (pairRank[left] != int.MaxValue)
                    {
                        Push(heap, ref heapCount, pairRank[left], left);
                    }
                }
            }

            for (var i = 0; i < n; i = next[i])
            {
                var part = piece[i..next[i]];
                output[count++] = RequireRank(vocabulary.Lookup(part), part);
            }

            return count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<int>.Shared.Return(previous);
            ArrayPool<int>.Shared.Return(pairRank);
            ArrayPool<long>.Shared.Return(heap);
        }
    }

    private static int RankOrMax(RankedVocabulary vocabulary, ReadOnlySpan<byte> bytes) => RankOrMax(vocabulary.Lookup(bytes));

    private static int RankOrMax(int rank) => rank < 0 ? int.MaxValue : rank;

    private static int RequireRank(int rank, ReadOnlySpan<byte> part) =>
        rank >= 0 ? rank : throw new InvalidOperationException($"The vocabulary has no token for the bytes {Convert.ToHexString(part)}: a byte-level BPE needs all 256 single bytes.");

    // A binary min-heap of (rank << 32 | start): lowest rank first, then leftmost, as tiktoken's scan picks.
    private static void Push(long[] heap, ref int count, int rank, int start)
    {
        var item = ((long)rank << 32) | (uint)start;
        var i = count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (heap[parent] <= item)
            {
                break;
            }

            heap[i] = heap[parent];
            i = parent;
        }

        heap[i] = item;
    }

    private static long Pop(long[] heap, ref int count)
    {
        var top = heap[0];
        var last = heap[--count];
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && heap[child + 1] < heap[child])
            {
                child++;
            }

            if (heap[child] >= last)
            {
                break;
            }

            heap[i] = heap[child];
            i = child;
        }

        heap[i] = last;
        return top;
    }
}
