using Sluice.Engine;

namespace Sluice.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class StateTests
{
    [Fact]
    public void Save_and_load_round_trips_weights_and_optimizer_state_bit_for_bit()
    {
        var config = TinyModels.Config(dropout: 0.1);
        var tokens = TinyModels.Tokens(4 * 17, config.VocabSize);
        var path = Directory.CreateTempSubdirectory("sluice-engine-state-").FullName;
        try
        {
            using var trained = GptModel.Create(config);
            for (var i = 0; i < 3; i++)
            {
                trained.Accumulate(tokens, 4, 16, 1.0);
                trained.OptimizerStep(TinyModels.Step);
            }

            trained.SaveState(path);
            using var restored = GptModel.Create(config with { Seed = 99 });
            restored.LoadState(path);

            Assert.Equal(3, restored.OptimizerSteps);
            foreach (var tensor in trained.Tensors)
            {
                Assert.Equal(trained.ReadTensor(tensor.Index), restored.ReadTensor(tensor.Index));
            }

            // The next step (dropout masks from the restored generator, AdamW moments) matches exactly too.
            var lossA = trained.Accumulate(tokens, 4, 16, 1.0);
            var lossB = restored.Accumulate(tokens, 4, 16, 1.0);
            Assert.Equal(lossA, lossB);
            Assert.Equal(trained.OptimizerStep(TinyModels.Step), restored.OptimizerStep(TinyModels.Step));
            Assert.Equal(trained.EvaluateLoss(tokens, 4, 16), restored.EvaluateLoss(tokens, 4, 16));
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public void Gradient_accumulation_over_halves_matches_one_full_batch()
    {
        var config = TinyModels.Config();
        var tokens = TinyModels.Tokens(4 * 17, config.VocabSize);
        using var whole = GptModel.Create(config);
        using var halves = GptModel.Create(config);
        whole.Accumulate(tokens, 4, 16, 1.0);
        var normWhole = whole.OptimizerStep(TinyModels.Step);
        halves.Accumulate(tokens.AsSpan(0, 2 * 17), 2, 16, 0.5);
        halves.Accumulate(tokens.AsSpan(2 * 17), 2, 16, 0.5);
        var normHalves = halves.OptimizerStep(TinyModels.Step);
        Assert.Equal(normWhole, normHalves, 5);
        Assert.Equal(whole.EvaluateLoss(tokens, 4, 16), halves.EvaluateLoss(tokens, 4, 16), 5);
    }

    [Fact]
    public void Weight_decay_touches_matrices_only()
    {
        var config = TinyModels.Config();
        var tokens = TinyModels.Tokens(2 * 17, config.VocabSize);
        using var plain = GptModel.Create(config);
        using var decayed = GptModel.Create(config);
        plain.Accumulate(tokens, 2, 16, 1.0);
        plain.OptimizerStep(TinyModels.Step with { WeightDecay = 0 });
        decayed.Accumulate(tokens, 2, 16, 1.0);
        decayed.OptimizerStep(TinyModels.Step with { WeightDecay = 0.5 });
        foreach (var tensor in plain.Tensors)
        {
            var same = plain.ReadTensor(tensor.Index).SequenceEqual(decayed.ReadTensor(tensor.Index));
            Assert.True(same == (tensor.Shape.Count == 1), $"{tensor.Name}: decay applied = {!same}");
        }
    }
}
