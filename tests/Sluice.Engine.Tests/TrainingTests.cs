using System.Text.Json;
using Sluice.Engine;
using Sluice.Engine.Checkpoints;
using Sluice.Engine.Training;
using Sluice.Testing;

namespace Sluice.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class TrainingTests : IDisposable
{
    private readonly string folder = RepoLayout.NewTempFolder("engine-training");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static ModelConfig Model => new()
    {
        VocabSize = BrownTokenShards.VocabularySize,
        ContextLength = 64,
        Layers = 2,
        Heads = 4,
        EmbeddingSize = 64,
        Dropout = 0.1,
        Seed = 5,
    };

    private static TrainingOptions Options(int steps, int batch = 4, int accumulation = 2, int every = 5) => new()
    {
        BatchSize = batch,
        SequenceLength = 64,
        AccumulationSteps = accumulation,
        MaxSteps = steps,
        LearningRate = 5e-3,
        MinLearningRate = 5e-4,
        WarmupSteps = Math.Min(5, steps),
        EvalEvery = every,
        EvalBatches = 2,
        CheckpointEvery = every,
        Threads = 2,
    };

    [Fact]
    public void Loss_falls_on_brown_corpus_text()
    {
        using var data = TokenDataset.Open(BrownTokenShards.Write(Path.Combine(folder, "tokens"), 40, 4));
        var reports = new List<StepReport>();
        var result = new Trainer(Model, Options(40, batch: 8, accumulation: 1, every: 10), data) { Progress = reports.Add }.Run(Path.Combine(folder, "run"));

        Assert.Equal(40, reports.Count);
        var firstValidation = reports.First(r => r.ValidationLoss is not null).ValidationLoss!.Value;
        // An untrained model scores ln(257) = 5.55 (see Initial_loss_is_near_log_vocab...).
        Assert.True(result.FinalValidationLoss < 3.4, $"validation loss {result.FinalValidationLoss} should fall well below ln(257) = 5.55");
        Assert.True(result.FinalValidationLoss < firstValidation, $"validation loss went from {firstValidation} at step 10 to {result.FinalValidationLoss}");
        Assert.True(reports.Skip(35).Average(r => r.Loss) < reports.Take(3).Average(r => r.Loss) - 1.5);
        Assert.All(reports, r => Assert.True(r.TokensPerSecond > 0 && r.Mfu > 0 && r.Mfu < 1));
        Assert.Equal([10L, 20, 30, 40], reports.Where(r => r.CheckpointFolder is not null).Select(r => r.Step));
        Assert.Equal(40, result.Checkpoint.Training.Position.Step);
        Assert.Equal(BrownTokenShards.TokenizerId, result.Checkpoint.Manifest.TokenizerId);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_continues_the_loss_curve_bit_for_bit()
    {
        using var data = TokenDataset.Open(BrownTokenShards.Write(Path.Combine(folder, "tokens"), 12, 2));
        var uninterrupted = Path.Combine(folder, "whole");
        new Trainer(Model, Options(14), data).Run(uninterrupted);

        // An interrupted run: cancelled during step 8 (its last periodic checkpoint is step 5); it saves step 8
        // before it stops, and the next run continues from there.
        var interrupted = Path.Combine(folder, "interrupted");
        var written = new List<long>();
        using (var stop = new CancellationTokenSource())
        {
            var trainer = new Trainer(Model, Options(14), data)
            {
                Progress = r => { if (r.Step == 7) { stop.Cancel(); } },
                CheckpointWritten = (c, _) => written.Add(c.Manifest.Step),
            };
            Assert.Throws<OperationCanceledException>(() => trainer.Run(interrupted, stop.Token));
        }

        Assert.Equal([5L, 7], written);
        var resumed = new Trainer(Model, Options(14), data).Run(interrupted);
        Assert.Equal(7, resumed.ResumedFromStep);
        Assert.Equal(Losses(uninterrupted), Losses(interrupted));
        Assert.Equal(14, Losses(interrupted).Count);
    }

    [Fact]
    public void An_incomplete_checkpoint_is_never_read_and_a_damaged_one_is_refused_by_name()
    {
        using var data = TokenDataset.Open(BrownTokenShards.Write(Path.Combine(folder, "tokens"), 12, 2));
        var run = Path.Combine(folder, "run");
        new Trainer(Model, Options(4, accumulation: 1, every: 2), data).Run(run);

        File.Delete(Path.Combine(Checkpoint.FolderFor(run, 4), Checkpoint.ManifestFile));
        Assert.Equal(2, Checkpoint.FindLatest(run)!.Training.Position.Step);

        var model = Path.Combine(Checkpoint.FolderFor(run, 2), ModelStateFiles.Optimizer);
        var bytes = File.ReadAllBytes(model);
        bytes[^100] ^= 0xFF;
        File.WriteAllBytes(model, bytes);
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.FindLatest(run));
        Assert.Contains(ModelStateFiles.Optimizer, error.Message);
        Assert.Contains("SHA-256", error.Message);
    }

    [Fact]
    public void A_checkpoint_loads_into_a_model_that_samples_and_scores_like_the_trained_one()
    {
        using var data = TokenDataset.Open(BrownTokenShards.Write(Path.Combine(folder, "tokens"), 12, 2));
        var result = new Trainer(Model, Options(4, accumulation: 1), data).Run(Path.Combine(folder, "run"));
        using var model = Checkpoint.Resolve(Path.Combine(folder, "run")).LoadModel();
        Assert.Equal(4, model.OptimizerSteps);
        var validation = new int[4 * 65];
        var loss = 0.0;
        for (var i = 0; i < 2; i++)
        {
            data.Validation[0].ReadTokens(i * 4 * 65, validation);
            loss += model.EvaluateLoss(validation, 4, 64);
        }

        Assert.Equal(result.FinalValidationLoss!.Value, loss / 2, 12);
    }

    [Fact]
    public void A_new_run_continues_from_another_runs_checkpoint_with_its_weights_moments_and_its_own_warmup()
    {
        using var data = TokenDataset.Open(BrownTokenShards.Write(Path.Combine(folder, "tokens"), 12, 2));
        var first = new Trainer(Model, Options(6, accumulation: 1), data).Run(Path.Combine(folder, "first"));
        var fromScratch = new List<StepReport>();
        new Trainer(Model, Options(4, accumulation: 1), data) { Progress = fromScratch.Add }.Run(Path.Combine(folder, "scratch"));

        var continued = new List<StepReport>();
        var result = new Trainer(Model, Options(4, accumulation: 1) with { WarmupSteps = 2 }, data) { ContinueFrom = first.Checkpoint, Progress = continued.Add }
            .Run(Path.Combine(folder, "continued"));

        Assert.Equal([1L, 2, 3, 4], continued.Select(r => r.Step));
        Assert.Equal(5e-3 / 2, continued[0].LearningRate, 12);
        Assert.Equal(first.Checkpoint.Folder, result.Checkpoint.Training.ContinuedFrom);
        using var model = result.Checkpoint.LoadModel();
        Assert.Equal(10, model.OptimizerSteps);

        // Trained weights start it: its first loss is the first run's level, well below a fresh model's.
        Assert.True(continued[0].Loss < fromScratch[0].Loss - 0.5, $"continued {continued[0].Loss}, from scratch {fromScratch[0].Loss}");

        var reshaped = Model with { Layers = 3 };
        var error = Assert.Throws<InvalidOperationException>(() => new Trainer(reshaped, Options(4), data) { ContinueFrom = first.Checkpoint }.Run(Path.Combine(folder, "reshaped")));
        Assert.Contains("same shape", error.Message);
    }

    [Fact]
    public void A_configuration_too_large_for_memory_fails_before_training_saying_why()
    {
        using var data = TokenDataset.Open(BrownTokenShards.Write(Path.Combine(folder, "tokens"), 4, 1));
        var huge = Model with { Layers = 48, EmbeddingSize = 1600, Heads = 25 };
        var run = Path.Combine(folder, "huge");
        var error = Assert.Throws<EngineOutOfMemoryException>(() => new Trainer(huge, Options(4), data) { AvailableMemoryBytes = 8L << 30 }.Run(run));
        Assert.Contains("GiB", error.Message);
        Assert.Contains("8.0 GiB is available", error.Message);
        Assert.False(Directory.Exists(run));
        Assert.True(MemoryEstimate.TrainingBytes(huge, Options(4)) > 16L * 1_400_000_000);
        Assert.True(MemoryEstimate.AvailableBytes() > 0);
    }

    [Fact]
    public void Old_checkpoints_are_pruned_and_the_callback_sees_each_complete_one()
    {
        using var data = TokenDataset.Open(BrownTokenShards.Write(Path.Combine(folder, "tokens"), 12, 2));
        var run = Path.Combine(folder, "run");
        var written = new List<string>();
        new Trainer(Model, Options(8, accumulation: 1, every: 2), data) { CheckpointWritten = (c, _) => { Assert.True(File.Exists(Path.Combine(c.Folder, Checkpoint.ManifestFile))); written.Add(Path.GetFileName(c.Folder)); } }.Run(run);
        Assert.Equal(["00000002", "00000004", "00000006", "00000008"], written);
        Assert.Equal(["00000006", "00000008"], Directory.GetDirectories(Path.Combine(run, "checkpoints")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static List<double> Losses(string run) =>
        File.ReadLines(Path.Combine(run, Trainer.MetricsFile))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => e.GetProperty("loss").GetDouble())
            .ToList();
}
