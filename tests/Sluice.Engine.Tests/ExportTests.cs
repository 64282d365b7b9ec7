using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sluice.Engine;
using Sluice.Engine.Export;
using Sluice.Testing;

namespace Sluice.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class ExportTests : IDisposable
{
    private readonly string folder = RepoLayout.NewTempFolder("engine-export");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_safetensors_file_meets_the_spec_and_holds_the_gpt2_layout()
    {
        var config = TinyModels.Config();
        using var model = GptModel.Create(config);
        HuggingFaceExport.Write(model, folder);

        var file = SafetensorsFile.Read(Path.Combine(folder, HuggingFaceExport.WeightsFile));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.All(file.Tensors, t => Assert.Equal("F32", t.Dtype));
        Assert.Equal(file.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal), file.Tensors.OrderBy(t => t.Begin).Select(t => t.Name));
        var expected = model.Tensors.Select(t => "transformer." + t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(expected, file.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));

        // Conv1D weights are [in, out]: the engine's [3C, C] c_attn weight is stored transposed.
        var attn = model.Tensors.Single(t => t.Name == "h.0.attn.c_attn.weight");
        var stored = file.Tensors.Single(t => t.Name == "transformer.h.0.attn.c_attn.weight");
        Assert.Equal([32L, 96L], stored.Shape);
        var engine = model.ReadTensor(attn.Index);
        var hf = file.ReadF32(stored.Name);
        for (var r = 0; r < 96; r++)
        {
            for (var c = 0; c < 32; c++)
            {
                Assert.Equal(engine[(r * 32) + c], hf[(c * 96) + r]);
            }
        }

        Assert.Equal(model.ReadTensor(model.Tensors.Single(t => t.Name == "wte.weight").Index), file.ReadF32("transformer.wte.weight"));

        using var hfConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json")));
        var root = hfConfig.RootElement;
        Assert.Equal("gpt2", root.GetProperty("model_type").GetString());
        Assert.Equal("GPT2LMHeadModel", root.GetProperty("architectures")[0].GetString());
        Assert.Equal(97, root.GetProperty("vocab_size").GetInt32());
        Assert.Equal(2, root.GetProperty("n_layer").GetInt32());
        Assert.True(root.GetProperty("tie_word_embeddings").GetBoolean());
        Assert.Equal("gelu_new", root.GetProperty("activation_function").GetString());
    }

    [Fact]
    public void A_gpt2_forward_in_pytorch_over_the_exported_files_gives_the_engine_logits()
    {
        var config = TinyModels.Config() with { TiedEmbeddings = false };
        using var model = GptModel.Create(config);
        var tokens = TinyModels.Tokens(2 * 12, config.VocabSize);
        for (var i = 0; i < 3; i++)
        {
            model.Accumulate(TinyModels.Tokens(2 * 13, config.VocabSize, seed: i), 2, 12, 1.0);
            model.OptimizerStep(TinyModels.Step);
        }

        HuggingFaceExport.Write(model, folder);
        var engineLogits = model.Logits(tokens, 2, 12);
        var peerLogits = RunPeer(folder, tokens, 2, 12);
        Assert.Equal(engineLogits.Length, peerLogits.Length);
        var maxDiff = engineLogits.Zip(peerLogits).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(maxDiff < 1e-4, $"max |logit difference| {maxDiff}");
    }

    private static float[] RunPeer(string exportFolder, int[] tokens, int batch, int sequence)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "hf_gpt2_logits.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(exportFolder);
        start.ArgumentList.Add(batch.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(string.Join(",", tokens));
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"hf_gpt2_logits.py failed (Debian python3-torch is installed by scripts/setup.sh): {stderr.Result}");
        _ = sequence;
        return stdout.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }
}
