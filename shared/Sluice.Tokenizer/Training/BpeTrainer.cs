using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Sluice.Tokenizer.PreTokenization;

namespace Sluice.Tokenizer.Training;

/// <summary>
/// Learns a byte-level BPE from text, in the manner of Hugging Face's <c>BpeTrainer</c>: pre-tokenize and count
/// words; count adjacent pairs weighted by word counts, remembering which words hold each pair; then repeatedly take
/// the most frequent pair from a priority queue (ties: the smaller pair of ids), merge it in the words that hold it,
/// and update only the pair counts that change. Stale queue entries are refreshed when popped. The 256 single bytes
/// start the vocabulary in GPT-2's byte order, so ties break as Hugging Face's do.
/// </summary>
public sealed class BpeTrainer
{
    private readonly BpeTrainerOptions _options;
    private readonly PreTokenizer _preTokenizer;

    /// <summary>Creates a trainer; the options are validated here.</summary>
    public BpeTrainer(BpeTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _preTokenizer = PreTokenizer.ForPattern(PreTokenizerPatterns.Resolve(options.Pattern));
    }

    /// <summary>
    /// Trains on text sequences (each pre-tokenized on its own, e.g. documents, or lines as Hugging Face's
    /// <c>train_from_files</c> reads them).
    /// </summary>
    public BpeTrainingResult Train(IEnumerable<string> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var wordCounts = CountWords(sequences);
        return Learn(wordCounts);
    }

    private Dictionary<string, long> CountWords(IEnumerable<string> sequences)
    {
        var partials = new ConcurrentBag<Dictionary<string, long>>();
        Parallel.ForEach(
            sequences,
            new ParallelOptions { MaxDegreeOfParallelism = _options.CountingThreads },
            () => new Dictionary<string, long>(StringComparer.Ordinal),
            (text, _, counts) =>
            {
                CountInto(text, counts);
                return counts;
            },
            partials.Add);

        Dictionary<string, long>? total = null;
        foreach (var partial in partials)
        {
            if (total is null)
            {
                total = partial;
                continue;
            }

            foreach (var (word, count) in partial)
            {
                total[word] = total.GetValueOrDefault(word) + count;
            }
        }

        return total ?? new Dictionary<string, long>(StringComparer.Ordinal);
    }

    private void CountInto(string text, Dictionary<string, long> counts)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> wide = stackalloc char[256];
        var ends = ArrayPool<int>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            var pieces = _preTokenizer.PieceEnds(bytes, ends);
            var start = 0;
            for (var i = 0; i < pieces; i++)
            {
                var piece = bytes.AsSpan(start, ends[i] - start);
                var chars = piece.Length <= wide.Length ? wide[..piece.Length] : new char[piece.Length];
                Encoding.Latin1.GetChars(piece, chars);
                lookup[chars] = lookup.TryGetValue(chars, out var count) ? count + 1 : 1;
                start = ends[i];
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ends);
        }
    }

    private BpeTrainingResult Learn(Dictionary<string, long> wordCounts)
    {
        // Ids 0–255 are the bytes in GPT-2's byte order; learned tokens follow in the order they are formed.
        var tokenBytes = new List<byte[]>(_options.VocabularySize);
        var idOfBytes = new Dictionary<string, int>(StringComparer.Ordinal);
        var idOfByte = new int[256];
        foreach (var b in ByteLevelAlphabet.ByteOrder)
        {
            idOfByte[b] = tokenBytes.Count;
            idOfBytes[((char)b).ToString()] = tokenBytes.Count;
            tokenBytes.Add([b]);
        }

        var words = new int[wordCounts.Count][];
        var counts = new long[wordCounts.Count];
        long totalWords = 0;
        var w = 0;
        foreach (var (word, count) in wordCounts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var symbols = new int[word.Length];
            for (var i = 0; i < word.Length; i++)
            {
                symbols[i] = idOfByte[word[i]];
            }

            words[w] = symbols;
            counts[w] = count;
            totalWords += count;
            w++;
        }

        var lengths = words.Select(s => s.Length).ToArray();
        var pairCounts = new Dictionary<long, long>();
        var positions = new Dictionary<long, List<int>>();
        for (w = 0; w < words.Length; w++)
        {
            var symbols = words[w];
            for (var i = 0; i + 1 < symbols.Length; i++)
            {
                var pair = Pair(symbols[i], symbols[i + 1]);
                pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + counts[w];
                AddPosition(positions, pair, w);
            }
        }

        var queue = new PriorityQueue<MergeCandidate, MergeCandidate>(MergeCandidateOrder.Instance);
        foreach (var (pair, wordList) in positions)
        {
            var candidate = new MergeCandidate(pair, pairCounts[pair], wordList);
            if (candidate.Count > 0)
            {
                queue.Enqueue(candidate, candidate);
            }
        }

        positions.Clear();
        var merges = new List<BpeMerge>();
        var target = _options.VocabularySize - _options.SpecialTokens.Count;
        var changes = new List<(long Pair, long Delta, int Word)>();
        while (tokenBytes.Count < target && queue.Count > 0)
        {
            var top = queue.Dequeue();
            var current = pairCounts[top.Pair];
            if (top.Count != current)
            {
                var refreshed = top with { Count = current };
                queue.Enqueue(refreshed, refreshed);
                continue;
            }

            if (top.Count < 1 || top.Count < _options.MinimumPairFrequency)
            {
                break;
            }

            var left = (int)(top.Pair >> 32);
            var right = (int)(top.Pair & 0xFFFFFFFF);
            var merged = new byte[tokenBytes[left].Length + tokenBytes[right].Length];
            tokenBytes[left].CopyTo(merged, 0);
            tokenBytes[right].CopyTo(merged, tokenBytes[left].Length);
            var key = Encoding.Latin1.GetString(merged);
            if (!idOfBytes.TryGetValue(key, out var newId))
            {
                newId = tokenBytes.Count;
                idOfBytes[key] = newId;
                tokenBytes.Add(merged);
            }

            merges.Add(new BpeMerge(left, right, newId, top.Count));
            changes.Clear();
            foreach (var word in top.Words)
            {
                MergeInWord(words[word], ref lengths[word], left, right, newId, word, changes);
            }

            foreach (var (pair, delta, word) in changes)
            {
                pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + (delta * counts[word]);
                if (delta > 0)
                {
                    AddPosition(positions, pair, word);
                }
            }

            foreach (var (pair, wordList) in positions)
            {
                var count = pairCounts[pair];
                if (count > 0)
                {
                    var candidate = new MergeCandidate(pair, count, wordList);
                    queue.Enqueue(candidate, candidate);
                }
            }

            positions.Clear();
        }

        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var special in _options.SpecialTokens)
        {
            specials[special] = tokenBytes.Count + specials.Count;
        }

        var tokenizer = new BpeTokenizer(_options.Name, PreTokenizerPatterns.Resolve(_options.Pattern), tokenBytes, specials);
        return new BpeTrainingResult(tokenizer, merges, wordCounts.Count, totalWords);
    }

    /// <summary>Merges every non-overlapping (left, right) in a word, left to right, recording pair count changes.</summary>
    private static void MergeInWord(int[] symbols, ref int length, int left, int right, int newId, int word, List<(long, long, int)> changes)
    {
        var read = 0;
        var write = 0;
        while (read < length)
        {
            if (read + 1 < length && symbols[read] == left && symbols[read + 1] == right)
            {
                if (write > 0)
                {
                    changes.Add((Pair(symbols[write - 1], left), -1, word));
                    changes.Add((Pair(symbols[write - 1], newId), 1, word));
                }

                if (read + 2 < length)
                {
                    changes.Add((Pair(right, symbols[read + 2]), -1, word));
                    changes.Add((Pair(newId, symbols[read + 2]), 1, word));
                }

                symbols[write++] = newId;
                read += 2;
            }
            else
            {
                symbols[write++] = symbols[read++];
            }
        }

        length = write;
    }

    private static long Pair(int left, int right) => ((long)left << 32) | (uint)right;

    private static void AddPosition(Dictionary<long, List<int>> positions, long pair, int word)
    {
        if (!positions.TryGetValue(pair, out var list))
        {
            positions[pair] = list = [];
        }

        if (list.Count == 0 || list[^1] != word)
        {
            list.Add(word);
        }
    }
}
