using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class PyTorchAgreementTests : IDisposable
{
    private readonly string folder = RepoLayout.NewTempFolder("engine-pytorch");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Training_steps_give_pytorch_s_losses_from_the_same_initial_weights()
    {
        // The benchmark's peer (torch.optim.AdamW, clip_grad_norm_, hand-written attention) on the same weights and batches.
        var config = TinyModels.Config(vocab: 211) with { ContextLength = 16 };
        const int steps = 4, batch = 2, sequence = 16;
        var step = new AdamWStep(3e-3, 0.9, 0.95, 1e-8, 0.1, 1.0);
        var tokens = TinyModels.Tokens(steps * batch * (sequence + 1), config.VocabSize);
        var batches = Path.Combine(folder, "batches.i32");
        File.WriteAllBytes(batches, MemoryMarshal.AsBytes(tokens.AsSpan()).ToArray());

        using var model = GptModel.Create(config);
        var initial = Path.Combine(folder, "init.safetensors");
        model.SaveWeights(initial);
        var losses = new List<double>();
        for (var s = 0; s < steps; s++)
        {
            losses.Add(model.Accumulate(tokens.AsSpan(s * batch * (sequence + 1), batch * (sequence + 1)), batch, sequence, 1.0));
            model.OptimizerStep(step);
        }

        var peerConfig = Path.Combine(folder, "peer.json");
        File.WriteAllText(peerConfig, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["vocab"] = config.VocabSize, ["context"] = config.ContextLength, ["layers"] = config.Layers, ["heads"] = config.Heads,
            ["width"] = config.EmbeddingSize, ["threads"] = 2, ["steps"] = steps, ["accumulation"] = 1, ["batch"] = batch,
            ["sequence"] = sequence, ["lr"] = step.LearningRate, ["beta1"] = step.Beta1, ["beta2"] = step.Beta2, ["eps"] = step.Epsilon,
            ["weight_decay"] = step.WeightDecay, ["clip"] = step.MaxGradNorm, ["init"] = initial,
        }));
        var script = Path.Combine(RepoLayout.Root, "bench", "Sluice.Bench.Engine", "peer_train.py");
        using var peer = JsonDocument.Parse(PythonPeer.RunScript(script, peerConfig, batches).Trim().Split('\n')[^1]);
        var expected = peer.RootElement.GetProperty("Losses").EnumerateArray().Select(e => e.GetDouble()).ToList();

        Assert.Equal(steps, expected.Count);
        var worst = losses.Zip(expected).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst < 1e-4, $"max |loss difference| {worst.ToString("E2", CultureInfo.InvariantCulture)}: {string.Join(", ", losses)} vs {string.Join(", ", expected)}");
        Assert.True(losses[^1] < losses[0]);
    }
}
