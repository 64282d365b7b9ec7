using System.Text.Json;
using Sluice.Engine.Checkpoints;
using Sluice.Engine.Training;
using Sluice.Testing;

namespace Sluice.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class CommandLineTests : IDisposable
{
    private const string Config = """
        {
          "preset": "gpt2-tiny",
          "model": { "layers": 2, "heads": 4, "embeddingSize": 64, "contextLength": 64, "dropout": 0.1 },
          "training": { "batchSize": 4, "sequenceLength": 32, "maxSteps": 12, "warmupSteps": 4, "learningRate": 0.003,
                        "evalEvery": 8, "evalBatches": 2, "checkpointEvery": 4, "threads": 2 }
        }
        """;

    private readonly string folder = RepoLayout.NewTempFolder("engine-cli");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Train_killed_mid_run_resumes_to_the_same_losses_then_samples_and_exports()
    {
        var tokens = BrownTokenShards.WriteGpt2(Path.Combine(folder, "tokens"), 6, 1);
        var config = Path.Combine(folder, "run.json");
        File.WriteAllText(config, Config);
        var whole = Path.Combine(folder, "whole");
        var output = SluiceProcess.Run("train", "--tokens", tokens, "--config", config, "--out", whole);
        Assert.Contains("step     12/12", output);
        Assert.Contains("val ", output);

        // Kill the second run once it is past its step-4 checkpoint, then run the same command again.
        var interrupted = Path.Combine(folder, "interrupted");
        using (var process = SluiceProcess.Start("train", "--tokens", tokens, "--config", config, "--out", interrupted))
        {
            var metrics = Path.Combine(interrupted, Trainer.MetricsFile);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (Losses(metrics).Count < 6 && DateTime.UtcNow < deadline && !process.HasExited)
            {
                Thread.Sleep(50);
            }

            Assert.False(process.HasExited, "the run finished before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        var killedAt = Losses(Path.Combine(interrupted, Trainer.MetricsFile)).Count;
        Assert.InRange(killedAt, 6, 11);
        var resumed = SluiceProcess.Run("train", "--tokens", tokens, "--config", config, "--out", interrupted);
        Assert.Matches("resumed from step (4|8)", resumed);
        Assert.Equal(Losses(Path.Combine(whole, Trainer.MetricsFile)), Losses(Path.Combine(interrupted, Trainer.MetricsFile)));

        var checkpoint = Checkpoint.Resolve(interrupted);
        Assert.Equal(12, checkpoint.Manifest.Step);
        Assert.NotNull(checkpoint.LoadTokenizer());

        var first = SluiceProcess.Run("sample", interrupted, "The jury said", "--max-tokens", "12", "--seed", "4");
        var second = SluiceProcess.Run("sample", checkpoint.Folder, "The jury said", "--max-tokens", "12", "--seed", "4");
        Assert.StartsWith("The jury said", first);
        Assert.True(first.Length > "The jury said".Length + 5);
        Assert.Equal(first, second);

        var export = Path.Combine(folder, "hf");
        SluiceProcess.Run("export", interrupted, "--format", "hf", export);
        var weights = SafetensorsFile.Read(Path.Combine(export, "model.safetensors"));
        Assert.Contains(weights.Tensors, t => t.Name == "transformer.h.1.mlp.c_proj.weight" && t.Shape.SequenceEqual([256L, 64L]));
        Assert.True(File.Exists(Path.Combine(export, "config.json")));
        Assert.True(File.Exists(Path.Combine(export, "tokenizer.sluice.json")));
        using var huggingFaceTokenizer = JsonDocument.Parse(File.ReadAllText(Path.Combine(export, "tokenizer.json")));
        Assert.Equal("BPE", huggingFaceTokenizer.RootElement.GetProperty("model").GetProperty("type").GetString());
        Assert.Equal("<|endoftext|>", JsonDocument.Parse(File.ReadAllText(Path.Combine(export, "tokenizer_config.json"))).RootElement.GetProperty("eos_token").GetString());
    }

    private static List<double> Losses(string metrics)
    {
        if (!File.Exists(metrics))
        {
            return [];
        }

        using var stream = new FileStream(metrics, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.EndsWith('}'))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("loss").GetDouble())
            .ToList();
    }
}
