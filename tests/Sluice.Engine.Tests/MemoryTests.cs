using System.Globalization;
using Sluice.Engine;

namespace Sluice.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class MemoryTests
{
    [Fact]
    public void Creating_and_disposing_models_many_times_does_not_grow_native_memory()
    {
        // ~0.67M parameters: weights + two AdamW moments + gradients ≈ 11 MB per model, so leaking even one model in
        // ten cycles would add over 40 MiB per 40 cycles, batch after batch. The heap keeps what is freed (the engine's
        // allocator setting) and may still grow while it fragments after earlier tests, so the first batches settle it
        // and the last one is measured.
        var config = TinyModels.Config(vocab: 2048) with { EmbeddingSize = 128, Heads = 4, ContextLength = 64 };
        var tokens = TinyModels.Tokens(2 * 17, config.VocabSize);
        Cycle(config, tokens, 10);
        var start = ResidentBytes();
        Cycle(config, tokens, 40);
        var settled = ResidentBytes();
        Cycle(config, tokens, 40);
        var growth = ResidentBytes() - settled;
        Assert.True(growth < 32L << 20, $"resident memory grew by {growth >> 20} MiB over 40 create/train/dispose cycles (by {(settled - start) >> 20} MiB over the 40 before)");
    }

    [Fact]
    public void Resident_memory_stays_flat_over_many_training_steps()
    {
        // Each call frees its intermediate tensors (a dispose scope per call), so nothing waits for the GC: after a
        // warm-up, hundreds of steps leave resident memory where it was.
        var config = TinyModels.Config(vocab: 2048, dropout: 0.1) with { EmbeddingSize = 64, Heads = 4, ContextLength = 64 };
        var tokens = TinyModels.Tokens(2 * 33, config.VocabSize);
        using var model = GptModel.Create(config);
        void Steps(int count)
        {
            for (var i = 0; i < count; i++)
            {
                model.Accumulate(tokens, 2, 32, 1.0);
                model.OptimizerStep(TinyModels.Step);
                model.TokenLogProbabilities(tokens, 2, 32);
            }
        }

        // The allocator settles during the first steps. A leak grows memory in every window by the same amount (one
        // leaked logits tensor per step alone is 0.5 MiB, 100 MiB a window), while the allocator's own settling on a
        // shared, noisy machine shows as a step in one window that the next windows do not repeat: so the quietest of
        // three windows must be flat, and all three together must stay well under one leaked tensor per step.
        Steps(100);
        var growths = new long[3];
        var before = ResidentBytes();
        for (var w = 0; w < growths.Length; w++)
        {
            Steps(200);
            var after = ResidentBytes();
            growths[w] = after - before;
            before = after;
        }

        var report = string.Join(", ", growths.Select(g => $"{g >> 20} MiB"));
        Assert.True(growths.Min() < 8L << 20, $"resident memory grew in every window of 200 steps: {report}");
        Assert.True(growths.Sum() < 48L << 20, $"resident memory grew by {growths.Sum() >> 20} MiB over 600 steps: {report}");
    }

    private static void Cycle(ModelConfig config, int[] tokens, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var model = GptModel.Create(config);
            model.Accumulate(tokens, 2, 16, 1.0);
            model.OptimizerStep(TinyModels.Step);
        }
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }
}
