using Sluice.Engine;

namespace Sluice.Engine.Tests;

/// <summary>Model configurations small enough for CI on two cores.</summary>
internal static class TinyModels
{
    public static ModelConfig Config(int vocab = 97, ulong seed = 7, double dropout = 0) => new()
    {
        VocabSize = vocab,
        ContextLength = 32,
        Layers = 2,
        Heads = 2,
        EmbeddingSize = 32,
        Dropout = dropout,
        Seed = seed,
    };

    /// <summary>Deterministic token rows for a model with <paramref name="vocab"/> ids.</summary>
    public static int[] Tokens(int count, int vocab, int seed = 3)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(vocab)).ToArray();
    }

    public static readonly AdamWStep Step = new(1e-3, 0.9, 0.95, 1e-8, 0.1, 1.0);
}
