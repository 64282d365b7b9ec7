using Sluice.Tokenizer.Shards;

namespace Sluice.Engine.Training;

/// <summary>
/// Draws training windows of T+1 tokens uniformly over every position of every train shard where a window fits.
/// Its whole state is one 64-bit word (SplitMix64), so a checkpoint records the exact data position.
/// </summary>
internal sealed class BatchSampler
{
    private readonly IReadOnlyList<TokenShardReader> shards;
    private readonly long[] cumulativeStarts;
    private readonly int width;

    public BatchSampler(IReadOnlyList<TokenShardReader> shards, int width, ulong state)
    {
        this.shards = shards;
        this.width = width;
        State = state;
        cumulativeStarts = new long[shards.Count + 1];
        for (var i = 0; i < shards.Count; i++)
        {
            cumulativeStarts[i + 1] = cumulativeStarts[i] + Math.Max(0, shards[i].TokenCount - width + 1);
        }

        if (cumulativeStarts[^1] == 0)
        {
            throw new InvalidDataException($"No train shard holds a window of {width} tokens (sequence length + 1); use a shorter sequence or more data");
        }
    }

    /// <summary>The generator state: restoring it resumes the exact sequence of batches.</summary>
    public ulong State { get; private set; }

    /// <summary>Fills <paramref name="destination"/> with <c>destination.Length / width</c> windows.</summary>
    public void Fill(Span<int> destination)
    {
        for (var row = 0; row + width <= destination.Length; row += width)
        {
            var position = (long)(Next() % (ulong)cumulativeStarts[^1]);
            var shard = Array.BinarySearch(cumulativeStarts, position);
            shard = shard >= 0 ? shard : ~shard - 1;
            while (cumulativeStarts[shard + 1] == cumulativeStarts[shard])
            {
                shard++;
            }

            shards[shard].ReadTokens(position - cumulativeStarts[shard], destination.Slice(row, width));
        }
    }

    private ulong Next()
    {
        State += 0x9E3779B97F4A7C15UL;
        var z = State;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
