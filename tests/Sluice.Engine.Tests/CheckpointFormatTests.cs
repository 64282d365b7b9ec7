using System.Text.Json;
using Sluice.Engine.Checkpoints;
using Sluice.Engine.Export;
using Sluice.Engine.Training;
using Sluice.Testing;

namespace Sluice.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class CheckpointFormatTests : IDisposable
{
    private readonly string folder = RepoLayout.NewTempFolder("engine-checkpoint-format");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_checkpoint_of_the_libtorch_1_13_engine_loads_its_weights_moments_and_step()
    {
        var legacy = CopyFixture();
        var checkpoint = Checkpoint.Open(legacy);
        Assert.Equal(1, checkpoint.Manifest.Version);
        using var model = checkpoint.LoadModel();
        Assert.Equal(2, model.OptimizerSteps);

        // PyTorch reads the same archive independently; every parameter matches bit for bit.
        using var peer = JsonDocument.Parse(PythonPeer.Run("legacy_state.py", Path.Combine(legacy, Checkpoint.LegacyModelFile)));
        foreach (var tensor in model.Tensors)
        {
            var expected = peer.RootElement.GetProperty("param." + tensor.Name).EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.Equal(expected, model.ReadTensor(tensor.Index));
        }

        var tokens = TinyModels.Tokens(2 * 17, 257);
        Assert.InRange(model.EvaluateLoss(tokens, 2, 16), 4.5, 6.5);
    }

    [Fact]
    public void A_continued_run_from_a_libtorch_1_13_checkpoint_writes_version_2_checkpoints()
    {
        var legacy = Checkpoint.Open(CopyFixture());
        using var data = TokenDataset.Open(BrownTokenShards.Write(Path.Combine(folder, "tokens"), 3, 1));
        var options = new TrainingOptions { BatchSize = 2, SequenceLength = 16, MaxSteps = 2, WarmupSteps = 1, EvalEvery = 0, Threads = 2 };
        var result = new Trainer(legacy.Config, options, data) { ContinueFrom = legacy }.Run(Path.Combine(folder, "continued"));
        Assert.Equal(Checkpoint.CurrentVersion, result.Checkpoint.Manifest.Version);
        Assert.Equal(legacy.Folder, result.Checkpoint.Training.ContinuedFrom);
        using var model = result.Checkpoint.LoadModel();
        Assert.Equal(4, model.OptimizerSteps);
    }

    [Fact]
    public void A_legacy_checkpoint_that_cannot_be_read_is_refused_with_how_to_convert_it()
    {
        var legacy = CopyFixture();
        var modelFile = Path.Combine(legacy, Checkpoint.LegacyModelFile);
        File.WriteAllText(modelFile, "not an archive");
        RewriteManifestEntry(legacy, Checkpoint.LegacyModelFile);
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Open(legacy).LoadModel());
        Assert.Contains("libtorch 1.13", error.Message);
        Assert.Contains("convert", error.Message);
    }

    [Fact]
    public void State_files_are_safetensors_an_independent_reader_accepts_with_documented_names()
    {
        using var model = GptModel.Create(TinyModels.Config(dropout: 0.1));
        model.Accumulate(TinyModels.Tokens(2 * 17, 97), 2, 16, 1.0);
        model.OptimizerStep(TinyModels.Step);
        var state = Path.Combine(folder, "state");
        model.SaveState(state);

        var weights = SafetensorsFile.Read(Path.Combine(state, ModelStateFiles.Weights));
        Assert.Equal(model.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal), weights.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var tensor in model.Tensors)
        {
            Assert.Equal(model.ReadTensor(tensor.Index), weights.ReadF32(tensor.Name));
        }

        var optimizer = SafetensorsFile.Read(Path.Combine(state, ModelStateFiles.Optimizer));
        Assert.Equal(ModelStateFiles.OptimizerFormat, optimizer.Metadata["format"]);
        Assert.Equal("1", optimizer.Metadata["step"]);
        Assert.Equal(2 * model.Tensors.Count, optimizer.Tensors.Count);
        Assert.All(model.Tensors, t => Assert.Contains(optimizer.Tensors, o => o.Name == "exp_avg_sq." + t.Name && o.Shape.SequenceEqual(t.Shape)));

        var rng = SafetensorsFile.Read(Path.Combine(state, ModelStateFiles.Rng));
        Assert.Equal("U8", Assert.Single(rng.Tensors).Dtype);
        Assert.Equal([5056L], rng.Tensors[0].Shape);
        Assert.Equal(ModelStateFiles.RngFormat, rng.Metadata["format"]);
    }

    [Fact]
    public void Hugging_face_names_map_conv1d_weights_only()
    {
        Assert.Equal(("transformer.h.3.attn.c_attn.weight", true), HuggingFaceExport.HuggingFaceName("h.3.attn.c_attn.weight"));
        Assert.Equal(("transformer.h.3.attn.c_attn.bias", false), HuggingFaceExport.HuggingFaceName("h.3.attn.c_attn.bias"));
        Assert.Equal(("transformer.wte.weight", false), HuggingFaceExport.HuggingFaceName("wte.weight"));
        Assert.Equal(("lm_head.weight", false), HuggingFaceExport.HuggingFaceName("lm_head.weight"));
    }

    private string CopyFixture()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "libtorch-1.13-checkpoint");
        var target = Path.Combine(folder, "legacy", "checkpoints", "00000002");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    private static void RewriteManifestEntry(string checkpoint, string name)
    {
        var path = Path.Combine(checkpoint, Checkpoint.ManifestFile);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        var bytes = File.ReadAllBytes(Path.Combine(checkpoint, name));
        foreach (var file in manifest["files"]!.AsArray())
        {
            if (file!["name"]!.GetValue<string>() == name)
            {
                file["bytes"] = bytes.Length;
                file["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            }
        }

        File.WriteAllText(path, manifest.ToJsonString());
    }
}
