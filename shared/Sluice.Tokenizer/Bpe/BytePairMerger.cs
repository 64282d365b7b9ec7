using System.Buffers;

namespace Sluice.Tokenizer.Bpe;

/// <summary>
/// tiktoken's merge rule for one piece: repeatedly merge the adjacent pair whose concatenation has the lowest rank
/// (the leftmost on ties) until no adjacent pair is a token. Short pieces use stack arrays and a linear scan (as
/// tiktoken does); long pieces (long runs of spaces or digits, huge words) use a heap so they stay O(n log n).
/// </summary>
internal static class BytePairMerger
{
    private const int LinearLimit = 128;

    /// <summary>Appends the tokens of <paramref name="piece"/> to <paramref name="output"/> at <paramref name="count"/>; returns the new count.</summary>
    public static int Encode(RankedVocabulary vocabulary, ReadOnlySpan<byte> piece, Span<int> output, int count)
    {
        if (piece.Length == 1)
        {
            output[count] = RequireRank(vocabulary.RankOfByte(piece[0]), piece);
            return count + 1;
        }

        var whole = vocabulary.Lookup(piece);
        if (whole >= 0)
        {
            output[count] = whole;
            return count + 1;
        }

        if (piece.Length > MergeCache.MaxKeyLength)
        {
            return piece.Length <= LinearLimit ? EncodeLinear(vocabulary, piece, output, count) : EncodeWithHeap(vocabulary, piece, output, count);
        }

        var cache = MergeCache.For(vocabulary);
        var cached = cache.TryGet(piece, output, count);
        if (cached >= 0)
        {
            return cached;
        }

        var end = EncodeLinear(vocabulary, piece, output, count);
        cache.Add(piece, output[count..end]);
        return end;
    }

    private static int EncodeLinear(RankedVocabulary vocabulary, ReadOnlySpan<byte> piece, Span<int> output, int count)
    {
        // starts[k] is where part k begins; ranks[k] is the rank of parts k and k+1 merged (int.MaxValue: not a token).
        var n = piece.Length;
        Span<int> starts = stackalloc int[n + 1];
        Span<int> ranks = stackalloc int[n + 1];
        for (var i = 0; i < n; i++)
        {
            starts[i] = i;
        }

        starts[n] = n;
        var parts = n;
        for (var i = 0; i < n - 1; i++)
        {
            ranks[i] = RankOrMax(vocabulary, piece.Slice(i, 2));
        }

        ranks[n - 1] = int.MaxValue;
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
            starts[(at + 1)..(parts + 1)].Slice(1).CopyTo(starts[(at + 1)..]);
            ranks[(at + 1)..parts].Slice(1).CopyTo(ranks[(at + 1)..]);
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
                pairRank[i] = i + 1 < n ? RankOrMax(vocabulary, piece.Slice(i, 2)) : int.MaxValue;
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

    private static int RankOrMax(RankedVocabulary vocabulary, ReadOnlySpan<byte> bytes)
    {
        var rank = vocabulary.Lookup(bytes);
        return rank < 0 ? int.MaxValue : rank;
    }

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
