namespace Sluice.Engine.Training;

/// <summary>
/// Draws training windows of T+1 tokens. Without group weights every position of every train shard where a window
/// fits is equally likely; with weights, a group is drawn first by weight, then a position uniformly within it.
/// Its whole state is one 64-bit word (SplitMix64), so a checkpoint records the exact data position.
/// </summary>
internal sealed class BatchSampler
{
    private readonly List<(TokenDatasetGroup Group, long[] Starts)> groups = [];
    private readonly double[] cumulativeWeights;
    private readonly int width;

    public BatchSampler(IReadOnlyList<TokenDatasetGroup> datasetGroups, int width, ulong state)
    {
        this.width = width;
        State = state;
        foreach (var group in datasetGroups)
        {
            var starts = new long[group.Train.Count + 1];
            for (var i = 0; i < group.Train.Count; i++)
            {
                starts[i + 1] = starts[i] + Math.Max(0, group.Train[i].TokenCount - width + 1);
            }

            if (starts[^1] == 0 && datasetGroups.Count > 1)
            {
                throw new InvalidDataException($"No train shard of group {group.Name} holds a window of {width} tokens (sequence length + 1); use a shorter sequence or more data");
            }

            groups.Add((group, starts));
        }

        if (groups.Sum(g => g.Starts[^1]) == 0)
        {
            throw new InvalidDataException($"No train shard holds a window of {width} tokens (sequence length + 1); use a shorter sequence or more data");
        }

        if (datasetGroups.All(g => g.Weight is null))
        {
            // Proportional to tokens: one group of every shard, drawn with one number per window.
            var all = new TokenDatasetGroup("all", datasetGroups.SelectMany(g => g.Train).ToList(), null);
            var allStarts = groups.SelectMany(g => g.Starts.Skip(1).Select((s, i) => s - g.Starts[i])).Prepend(0L).ToArray();
            for (var i = 1; i < allStarts.Length; i++)
            {
                allStarts[i] += allStarts[i - 1];
            }

            groups.Clear();
            groups.Add((all, allStarts));
            cumulativeWeights = [1.0];
        }
        else
        {
            var total = datasetGroups.Sum(g => g.Weight!.Value);
            cumulativeWeights = new double[datasetGroups.Count];
            var sum = 0.0;
            for (var i = 0; i < datasetGroups.Count; i++)
            {
                sum += datasetGroups[i].Weight!.Value / total;
                cumulativeWeights[i] = sum;
            }

            cumulativeWeights[^1] = 1.0;
        }
    }

    /// <summary>The generator state: restoring it resumes the exact sequence of batches.</summary>
    public ulong State { get; private set; }

    /// <summary>Fills <paramref name="destination"/> with <c>destination.Length / width</c> windows.</summary>
    public void Fill(Span<int> destination)
    {
        for (var row = 0; row + width <= destination.Length; row += width)
        {
            var group = groups[0];
            if (groups.Count > 1)
            {
                var u = (Next() >> 11) * (1.0 / (1UL << 53));
                var index = 0;
                while (u >= cumulativeWeights[index])
                {
                    index++;
                }

                group = groups[index];
            }

            var starts = group.Starts;
            var position = (long)(Next() % (ulong)starts[^1]);
            var shard = Array.BinarySearch(starts, position);
            shard = shard >= 0 ? shard : ~shard - 1;
            while (starts[shard + 1] == starts[shard])
            {
                shard++;
            }

            group.Group.Train[shard].ReadTokens(position - starts[shard], destination.Slice(row, width));
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
