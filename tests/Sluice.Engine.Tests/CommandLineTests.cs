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

    [Fact]
    public async Task An_interrupted_train_saves_a_checkpoint_at_the_current_step_and_the_next_run_resumes_from_it_exactly()
    {
        var tokens = BrownTokenShards.WriteGpt2(Path.Combine(folder, "tokens"), 6, 1);
        var config = Path.Combine(folder, "run.json");
        File.WriteAllText(config, Config.Replace("\"checkpointEvery\": 4", "\"checkpointEvery\": 100", StringComparison.Ordinal));
        var whole = Path.Combine(folder, "whole");
        SluiceProcess.Run("train", "--tokens", tokens, "--config", config, "--out", whole);

        var interrupted = Path.Combine(folder, "interrupted");
        string output;
        using (var process = SluiceProcess.Start("train", "--tokens", tokens, "--config", config, "--out", interrupted))
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var metrics = Path.Combine(interrupted, Trainer.MetricsFile);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (Losses(metrics).Count < 3 && DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(20);
            }

            Assert.False(process.HasExited, "the run finished before it could be interrupted");
            SluiceProcess.Terminate(process);
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)));
            Assert.Equal(130, process.ExitCode);
            output = await stdout;
        }

        // No periodic checkpoint was due; the interrupted step's checkpoint is the only one, at the last logged step.
        var saved = Assert.Single(Directory.GetDirectories(Path.Combine(interrupted, "checkpoints")));
        var step = Losses(Path.Combine(interrupted, Trainer.MetricsFile)).Count;
        Assert.InRange(step, 3, 11);
        Assert.Equal(Checkpoint.FolderFor(interrupted, step), saved);
        Assert.Contains("interrupted: checkpoint", output);

        var resumed = SluiceProcess.Run("train", "--tokens", tokens, "--config", config, "--out", interrupted);
        Assert.Contains($"resumed from step {step}", resumed);
        Assert.Equal(Losses(Path.Combine(whole, Trainer.MetricsFile)), Losses(Path.Combine(interrupted, Trainer.MetricsFile)));
    }

    [Fact]
    public void Train_works_on_the_output_of_sluice_run_without_naming_the_tokenizer_or_a_validation_split()
    {
        var drop = Path.Combine(folder, "drop");
        Directory.CreateDirectory(drop);
        foreach (var (name, text) in BrownCorpus.Documents().Skip(20).Take(4))
        {
            File.WriteAllText(Path.Combine(drop, name + ".txt"), text);
        }

        var lake = Path.Combine(folder, "lake");
        SluiceProcess.Run("run", drop, "--lake", lake);
        var tokens = Assert.Single(Directory.GetDirectories(Path.Combine(lake, "tokens")));

        var run = Path.Combine(folder, "run");
        var output = SluiceProcess.Run("train", "--tokens", tokens, "--config", "gpt2-tiny", "--out", run, "--steps", "3", "--batch-size", "2", "--sequence", "32", "--threads", "2");
        var tokenizer = Checkpoint.Resolve(run).LoadTokenizer();
        Assert.NotNull(tokenizer);
        Assert.Equal(Path.GetFileName(tokens), tokenizer.Id);
        using (var data = TokenDataset.Open(tokens))
        {
            Assert.Equal(data.Validation.Count == 0, output.Contains("no validation split", StringComparison.Ordinal));
        }

        Assert.Contains("done: step 3", output);
    }

    [Fact]
    public async Task An_interrupted_sluice_run_leaves_its_training_checkpoint_in_the_lake_and_sluice_train_model_resumes_the_run_to_its_end()
    {
        var drop = Path.Combine(folder, "drop");
        Directory.CreateDirectory(drop);
        foreach (var (name, text) in BrownCorpus.Documents().Skip(50).Take(4))
        {
            File.WriteAllText(Path.Combine(drop, name + ".txt"), text);
        }

        // The demo line, sized so its run lasts far longer than the test waits before interrupting it.
        var line = new Dictionary<string, string>
        {
            ["Trainer__Lines__0__Name"] = "demo",
            ["Trainer__Lines__0__BatchSize"] = "8",
            ["Trainer__Lines__0__SequenceLength"] = "64",
            ["Trainer__Lines__0__TokensPerRun"] = "512000",
            ["Trainer__Lines__0__CheckpointEvery"] = "100000",
            ["Trainer__Lines__0__Threads"] = "1",
        };
        var lake = Path.Combine(folder, "lake");
        var run = Path.Combine(lake, "checkpoints", "demo", "run-000001");
        string output;
        using (var process = SluiceProcess.StartWith(line, "run", drop, "--lake", lake))
        {
            var stderr = process.StandardError.ReadToEndAsync();

            // Interrupted as soon as its progress display shows the run training.
            var seen = new System.Text.StringBuilder();
            while (await process.StandardOutput.ReadLineAsync() is { } printed)
            {
                seen.AppendLine(printed);
                if (printed.Contains("run-000001 loss", StringComparison.Ordinal))
                {
                    break;
                }
            }

            // (stderr is read only once the process has ended: awaiting it sooner would wait for the run's end.)
            if (process.HasExited)
            {
                Assert.Fail("the run ended before it could be interrupted: " + seen + await stderr);
            }

            SluiceProcess.Terminate(process);
            seen.Append(await process.StandardOutput.ReadToEndAsync());
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)));
            output = seen.ToString();
            Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}: {output}{await stderr}");
        }

        // The step it was on was checkpointed into the lake, and the run says where.
        var saved = Assert.Single(Directory.GetDirectories(run));
        var step = long.Parse(Path.GetFileName(saved), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(step, 1, 999);
        Assert.True(File.Exists(Path.Combine(saved, "manifest.json")));
        Assert.Contains($"the newest checkpoint is {saved}", output.ReplaceLineEndings(string.Empty), StringComparison.Ordinal);
        Assert.DoesNotContain("run completed", output, StringComparison.Ordinal);

        // sluice train --model resumes that run from the lake to its last step; asked again, the line is up to date.
        using (var resume = SluiceProcess.StartWith(line, "train", "--model", "demo", "--lake", lake))
        {
            var resumed = await resume.StandardOutput.ReadToEndAsync();
            Assert.True(resume.WaitForExit(TimeSpan.FromMinutes(3)));
            Assert.True(resume.ExitCode == 0, resumed + await resume.StandardError.ReadToEndAsync());
            Assert.Contains("run-000001 trained to step 1000", resumed, StringComparison.Ordinal);
        }

        var training = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "00001000", "training.json"))).RootElement;
        Assert.Equal(1000, training.GetProperty("position").GetProperty("step").GetInt64());
        Assert.Contains("up to date with dataset version 1", SluiceProcess.Run("train", "--model", "demo", "--lake", lake), StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_scores_a_checkpoint_on_its_token_shards_writes_the_report_and_refuses_shards_of_another_tokenizer()
    {
        var tokens = BrownTokenShards.WriteGpt2(Path.Combine(folder, "tokens"), 6, 1);
        var config = Path.Combine(folder, "run.json");
        File.WriteAllText(config, Config);
        var trained = Path.Combine(folder, "trained");
        SluiceProcess.Run("train", "--tokens", tokens, "--config", config, "--out", trained);
        var sets = Directory.CreateDirectory(Path.Combine(folder, "sets")).FullName;
        File.WriteAllText(Path.Combine(sets, "quiz.choice.jsonl"), "{\"query\": \"Q\", \"choices\": [\"only one\"], \"gold\": 0}\n");
        var reportFolder = Path.Combine(folder, "report");

        var (exitCode, stdout, stderr) = SluiceProcess.Complete("eval", trained, "--tokens", tokens, "--evalsets", sets, "--out", reportFolder);

        Assert.True(exitCode == 0, stderr + stdout);
        Assert.Contains("bits_per_byte", stdout);
        Assert.Contains("unigram_bits_per_byte", stdout);
        Assert.Contains("demo/acc", stdout);
        Assert.Contains($"Report: {Path.Combine(reportFolder, "report.md")}", stdout.ReplaceLineEndings(string.Empty));
        Assert.Contains("evalsets/quiz.choice.jsonl is not scored", stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(reportFolder, "report.json")));
        Assert.Equal(12, report.RootElement.GetProperty("step").GetInt64());
        Assert.Equal("bits_per_byte", report.RootElement.GetProperty("primary_metric").GetProperty("name").GetString());
        Assert.True(report.RootElement.GetProperty("baseline").GetProperty("bits_per_byte").GetDouble() > 0);
        Assert.True(File.Exists(Path.Combine(reportFolder, "report.md")));

        // Shards of another tokenizer: one clear line, no report.
        var bytes = BrownTokenShards.Write(Path.Combine(folder, "bytes"), 2, 1);
        var (mismatchCode, _, mismatch) = SluiceProcess.Complete("eval", trained, "--tokens", bytes, "--out", Path.Combine(folder, "refused"));
        Assert.Equal(1, mismatchCode);
        var line = Assert.Single(mismatch.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sluice eval: tokenizer mismatch", line);
        Assert.False(Directory.Exists(Path.Combine(folder, "refused")));
    }

    [Fact]
    public void Train_reports_user_errors_in_one_line()
    {
        var tokens = BrownTokenShards.Write(Path.Combine(folder, "tokens"), 3, 1);
        var empty = Directory.CreateDirectory(Path.Combine(folder, "empty")).FullName;
        var cases = new (string[] Arguments, string Expected)[]
        {
            (["--tokens", tokens, "--config", "gpt2-huge"], "neither a preset"),
            (["--tokens", Path.Combine(folder, "missing"), "--config", "gpt2-tiny"], "does not exist"),
            (["--tokens", empty, "--config", "gpt2-tiny"], "holds no token shard"),
            (["--tokens", tokens, "--config", "gpt2-tiny", "--sequence", "4096"], "context length"),
        };
        foreach (var (arguments, expected) in cases)
        {
            var (exitCode, stdout, stderr) = SluiceProcess.Complete(["train", .. arguments, "--out", Path.Combine(folder, "out")]);
            Assert.Equal(1, exitCode);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("sluice train: ", line);
            Assert.Contains(expected, line);
            Assert.DoesNotContain("   at ", stdout + stderr);
        }
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
