using Sluice.Tokenizer.Shards;

namespace Sluice.Engine.Training;

/// <summary>
/// The fixed validation batches: consecutive, non-overlapping windows from the start of the validation split, so
/// every evaluation scores the same tokens and losses are comparable across steps and runs.
/// </summary>
internal sealed class ValidationWindows
{
    private readonly IReadOnlyList<TokenShardReader> shards;
    private readonly int width;

    public ValidationWindows(IReadOnlyList<TokenShardReader> shards, int width)
    {
        if (shards.All(s => s.TokenCount < width))
        {
            throw new InvalidDataException($"No validation shard holds a window of {width} tokens (sequence length + 1); use a shorter sequence, more validation data, or EvalEvery = 0");
        }

        this.shards = shards.Where(s => s.TokenCount >= width).ToList();
        this.width = width;
    }

    /// <summary>Fills <paramref name="destination"/> with batch number <paramref name="batch"/>; wraps around when the split is exhausted.</summary>
    public void Fill(int batch, Span<int> destination)
    {
        var rows = destination.Length / width;
        var index = (long)batch * rows;
        for (var row = 0; row < rows; row++, index++)
        {
            var (shard, start) = Locate(index);
            shard.ReadTokens(start, destination.Slice(row * width, width));
        }
    }

    private (TokenShardReader Shard, long Start) Locate(long windowIndex)
    {
        var total = shards.Sum(s => s.TokenCount / width);
        windowIndex %= total;
        foreach (var shard in shards)
        {
            var windows = shard.TokenCount / width;
            if (windowIndex < windows)
            {
                return (shard, windowIndex * width);
            }

            windowIndex -= windows;
        }

        throw new InvalidOperationException("unreachable: the window index was reduced modulo the total");
    }
}
