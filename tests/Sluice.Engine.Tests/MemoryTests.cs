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
        // ten cycles would exceed the bound below.
        var config = TinyModels.Config(vocab: 2048) with { EmbeddingSize = 128, Heads = 4, ContextLength = 64 };
        var tokens = TinyModels.Tokens(2 * 17, config.VocabSize);
        Cycle(config, tokens, 10);
        var before = ResidentBytes();
        Cycle(config, tokens, 40);
        var growth = ResidentBytes() - before;
        Assert.True(growth < 64L << 20, $"resident memory grew by {growth >> 20} MiB over 40 create/train/dispose cycles");
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
