using Sluice.Engine;

namespace Sluice.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class ModelTests
{
    [Fact]
    public void Parameter_count_and_tensor_shapes_follow_the_gpt2_layout()
    {
        var config = TinyModels.Config();
        using var model = GptModel.Create(config);
        long v = config.VocabSize, t = config.ContextLength, c = config.EmbeddingSize, l = config.Layers;
        var perBlock = (2 * c) + (3 * c * c) + (3 * c) + (c * c) + c + (2 * c) + (4 * c * c) + (4 * c) + (4 * c * c) + c;
        Assert.Equal((v * c) + (t * c) + (l * perBlock) + (2 * c), model.ParameterCount);

        var shapes = model.Tensors.ToDictionary(x => x.Name, x => x.Shape.ToArray());
        Assert.Equal([v, c], shapes["wte.weight"]);
        Assert.Equal([t, c], shapes["wpe.weight"]);
        Assert.Equal([3 * c, c], shapes["h.1.attn.c_attn.weight"]);
        Assert.Equal([4 * c, c], shapes["h.0.mlp.c_fc.weight"]);
        Assert.Equal([c, 4 * c], shapes["h.0.mlp.c_proj.weight"]);
        Assert.Equal([c], shapes["ln_f.bias"]);
        Assert.DoesNotContain("lm_head.weight", shapes.Keys);
        Assert.Equal(4 + (12 * l), model.Tensors.Count);
    }

    [Fact]
    public void An_untied_head_is_its_own_tensor()
    {
        using var model = GptModel.Create(TinyModels.Config() with { TiedEmbeddings = false });
        var head = Assert.Single(model.Tensors, t => t.Name == "lm_head.weight");
        Assert.Equal([97L, 32L], head.Shape);
    }

    [Fact]
    public void Logits_have_batch_by_sequence_by_vocab_values_and_respect_causality()
    {
        var config = TinyModels.Config();
        using var model = GptModel.Create(config);
        var tokens = TinyModels.Tokens(2 * 10, config.VocabSize);
        var logits = model.Logits(tokens, 2, 10);
        Assert.Equal(2 * 10 * config.VocabSize, logits.Length);
        Assert.All(logits, x => Assert.True(float.IsFinite(x)));

        // Changing the last token must not change the logits of earlier positions (causal masking).
        var changed = (int[])tokens.Clone();
        changed[9] = (changed[9] + 1) % config.VocabSize;
        var after = model.Logits(changed, 2, 10);
        var firstNine = 9 * config.VocabSize;
        Assert.Equal(logits.AsSpan(0, firstNine).ToArray(), after.AsSpan(0, firstNine).ToArray());
        Assert.NotEqual(logits.AsSpan(firstNine, config.VocabSize).ToArray(), after.AsSpan(firstNine, config.VocabSize).ToArray());
    }

    [Fact]
    public void Token_log_probabilities_average_to_the_loss_and_respect_causality()
    {
        var config = TinyModels.Config();
        using var model = GptModel.Create(config);
        var tokens = TinyModels.Tokens(3 * 13, config.VocabSize);
        var logProbabilities = model.TokenLogProbabilities(tokens, 3, 12);
        Assert.Equal(36, logProbabilities.Length);
        Assert.All(logProbabilities, p => Assert.True(p < 0));
        Assert.Equal(model.EvaluateLoss(tokens, 3, 12), -logProbabilities.Average(p => (double)p), 5);

        // Position t scores token t + 1 from tokens up to t: changing the last token changes only the last score.
        var changed = (int[])tokens.Clone();
        changed[12] = (changed[12] + 1) % config.VocabSize;
        var after = model.TokenLogProbabilities(changed, 3, 12);
        Assert.Equal(logProbabilities.AsSpan(0, 11).ToArray(), after.AsSpan(0, 11).ToArray());
        Assert.NotEqual(logProbabilities[11], after[11]);
        Assert.Equal(logProbabilities.AsSpan(12).ToArray(), after.AsSpan(12).ToArray());
    }

    [Fact]
    public void Initial_loss_is_near_log_vocab_and_the_same_seed_gives_the_same_model()
    {
        var config = TinyModels.Config();
        using var a = GptModel.Create(config);
        using var b = GptModel.Create(config);
        using var other = GptModel.Create(config with { Seed = 8 });
        var tokens = TinyModels.Tokens(4 * 17, config.VocabSize);
        var loss = a.EvaluateLoss(tokens, 4, 16);
        Assert.InRange(loss, Math.Log(config.VocabSize) - 0.3, Math.Log(config.VocabSize) + 0.3);
        Assert.Equal(loss, b.EvaluateLoss(tokens, 4, 16));
        Assert.NotEqual(loss, other.EvaluateLoss(tokens, 4, 16));
    }

    [Fact]
    public void Native_errors_surface_as_typed_exceptions_with_the_native_message()
    {
        using var model = GptModel.Create(TinyModels.Config());
        var tokens = TinyModels.Tokens(2 * 9, 97);
        tokens[5] = 500;
        var outOfRange = Assert.Throws<EngineArgumentException>(() => model.Accumulate(tokens, 2, 8, 1.0));
        Assert.Contains("token id out of range [0, 97): found 500", outOfRange.Message);

        var noGradients = Assert.Throws<EngineArgumentException>(() => model.OptimizerStep(TinyModels.Step));
        Assert.Contains("call accumulate first", noGradients.Message);

        var garbage = Directory.CreateTempSubdirectory("sluice-engine-state-").FullName;
        try
        {
            var weights = Path.Combine(garbage, ModelStateFiles.Weights);
            File.WriteAllText(weights, "not a model");
            var io = Assert.Throws<EngineIOException>(() => model.LoadState(garbage));
            Assert.Contains(weights, io.Message);
        }
        finally
        {
            Directory.Delete(garbage, recursive: true);
        }

        Assert.Throws<ArgumentException>(() => GptModel.Create(TinyModels.Config() with { Heads = 5 }));
    }

    [Fact]
    public void A_state_file_of_another_shape_is_refused_by_name()
    {
        var path = Directory.CreateTempSubdirectory("sluice-engine-state-").FullName;
        try
        {
            using (var small = GptModel.Create(TinyModels.Config()))
            {
                small.SaveState(path);
            }

            using var deep = GptModel.Create(TinyModels.Config() with { Layers = 3 });
            var error = Assert.Throws<EngineArgumentException>(() => deep.LoadState(path));
            Assert.Contains("another shape", error.Message);
            using var wide = GptModel.Create(TinyModels.Config() with { EmbeddingSize = 64 });
            Assert.Contains("another shape", Assert.Throws<EngineArgumentException>(() => wide.LoadState(path)).Message);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public void Using_a_disposed_model_throws_ObjectDisposedException()
    {
        var model = GptModel.Create(TinyModels.Config());
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.ParameterCount);
    }

    [Fact]
    public void The_engine_runs_on_torchsharp_with_libtorch_2_10_in_process()
    {
        var info = TorchRuntime.Describe();
        Assert.StartsWith("libtorch 2.10", info);
        Assert.Contains("scaled_dot_product_attention", info);
        var maps = File.ReadAllText("/proc/self/maps");
        Assert.Contains("libLibTorchSharp.so", maps);
        Assert.Contains("libtorch_cpu.so", maps);
        Assert.DoesNotContain("libsluice_engine", maps);

        // A failed load would have left the package cache's natives in cpu/ (see TorchRuntime.EnsureLoaded).
        Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "cpu")));
    }

    [Fact]
    public void Idle_openmp_threads_sleep_and_freed_memory_is_kept_unless_the_environment_says_otherwise()
    {
        TorchRuntime.EnsureLoaded();
        Assert.Equal(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE", NativeRuntimeSettings.WaitPolicy());
        Assert.Equal(Environment.GetEnvironmentVariable("MALLOC_MMAP_MAX_") is null && Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is null, NativeRuntimeSettings.KeepsFreedMemory);
    }

    [Fact]
    public void Threads_are_a_process_wide_setting()
    {
        var before = TorchRuntime.Threads;
        TorchRuntime.Threads = 1;
        Assert.Equal(1, TorchRuntime.Threads);
        TorchRuntime.Threads = before;
        Assert.Equal(before, TorchRuntime.Threads);
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.Threads = 0);
    }
}
