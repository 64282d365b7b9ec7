using System.CommandLine;
using System.Globalization;
using Sluice.Engine;
using Sluice.Engine.Checkpoints;
using Sluice.Engine.Training;
using Sluice.Tokenizer;

namespace Sluice.Cli;

/// <summary><c>sluice train</c>: trains a GPT model on token shards, resuming from the output folder's latest checkpoint.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var tokens = new Option<DirectoryInfo>("--tokens") { Description = "Folder of token shards (train and validation splits, docs/token-shards.md), for example <lake>/tokens/<id> from sluice run." };
        var config = new Option<string>("--config") { Description = "A model preset (gpt2, gpt2-medium, gpt2-large, gpt2-xl, gpt2-mini, gpt2-tiny) or a JSON run configuration file." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Run folder: checkpoints/, metrics.jsonl. A folder with a complete checkpoint is resumed." };
        var line = new Option<string?>("--model") { Description = "Instead of --tokens/--config/--out: ask this model line (Trainer__Lines__…, default 'demo') to train, in the lake of --lake or on the stack of --stack." };
        var lake = new Option<DirectoryInfo?>("--lake") { Description = "With --model: the lake folder (sluice run's --lake). Default: ./.sluice" };
        var stack = new Option<bool>("--stack") { Description = "With --model: send the request to the running stack's trainer (Bus__… settings from the environment or --env-file)." };
        var envFile = new Option<FileInfo?>("--env-file") { Description = "With --stack: KEY=VALUE lines with the Bus__… settings (as the local stack writes them)." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "The shards' tokenizer (a standard encoding name or a tokenizer file), saved into checkpoints; found by id among the standard encodings when omitted." };
        var steps = new Option<int?>("--steps") { Description = "Override the number of optimizer steps." };
        var batch = new Option<int?>("--batch-size") { Description = "Override the rows per micro-batch." };
        var sequence = new Option<int?>("--sequence") { Description = "Override the tokens per row." };
        var accumulation = new Option<int?>("--accumulation") { Description = "Override the micro-batches per optimizer step." };
        var learningRate = new Option<double?>("--lr") { Description = "Override the peak learning rate." };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads (fix it for bit-exact resumes)." };
        var evalEvery = new Option<int?>("--eval-every") { Description = "Override the validation interval (0: none)." };
        var checkpointEvery = new Option<int?>("--checkpoint-every") { Description = "Override the checkpoint interval (0: last step only)." };
        var command = new Command("train", "Train a GPT-2 family model on token shards (resumes from the output folder's latest checkpoint), or ask a model line of the pipeline to train (--model).")
        {
            tokens, config, output, tokenizer, steps, batch, sequence, accumulation, learningRate, threads, evalEvery, checkpointEvery, line, lake, stack, envFile,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(line) is { } lineName)
            {
                return await TrainLineCommand.RunAsync(parseResult, lineName, parseResult.GetValue(lake), parseResult.GetValue(stack), parseResult.GetValue(envFile), cancellationToken);
            }

            if (parseResult.GetValue(tokens) is null || parseResult.GetValue(config) is null || parseResult.GetValue(output) is null)
            {
                stderr.WriteLine("sluice train: give --tokens, --config and --out (a run on token shards), or --model <line> (a model line of the pipeline)");
                return 2;
            }

            Checkpoint? lastCheckpoint = null;
            try
            {
                var run = RunConfiguration.Load(parseResult.GetValue(config)!);
                var options = run.Training;
                options = options with
                {
                    MaxSteps = parseResult.GetValue(steps) ?? options.MaxSteps,
                    BatchSize = parseResult.GetValue(batch) ?? options.BatchSize,
                    SequenceLength = parseResult.GetValue(sequence) ?? options.SequenceLength,
                    AccumulationSteps = parseResult.GetValue(accumulation) ?? options.AccumulationSteps,
                    LearningRate = parseResult.GetValue(learningRate) ?? options.LearningRate,
                    Threads = parseResult.GetValue(threads) ?? options.Threads,
                    EvalEvery = parseResult.GetValue(evalEvery) ?? options.EvalEvery,
                    CheckpointEvery = parseResult.GetValue(checkpointEvery) ?? options.CheckpointEvery,
                };
                options = options with
                {
                    WarmupSteps = Math.Min(options.WarmupSteps, options.MaxSteps),
                    MinLearningRate = Math.Min(options.MinLearningRate, options.LearningRate),
                };

                var tokensFolder = parseResult.GetValue(tokens)!.FullName;
                using var data = TokenDataset.Open(tokensFolder);
                if (options.EvalEvery > 0 && data.Validation.Count == 0)
                {
                    stdout.WriteLine($"train: {tokensFolder} has no validation split; training without validation loss");
                    options = options with { EvalEvery = 0 };
                }

                var model = run.VocabularyFromData && data.VocabularySize > 0 ? run.Model with { VocabSize = data.VocabularySize } : run.Model;
                model.Validate();
                options.ValidateFor(model);
                var bpe = ResolveTokenizer(parseResult.GetValue(tokenizer), data, tokensFolder);
                var outFolder = parseResult.GetValue(output)!.FullName;
                stdout.WriteLine($"train: {data.TrainTokens:N0} train / {data.ValidationTokens:N0} validation tokens, tokenizer {bpe?.ToString() ?? data.TokenizerId ?? "(none named)"}");
                stdout.WriteLine($"model: {model.Layers} layers, {model.Heads} heads, width {model.EmbeddingSize}, context {model.ContextLength}, vocab {model.VocabSize}; " +
                    $"batch {options.BatchSize} x {options.SequenceLength} x {options.AccumulationSteps}, {options.MaxSteps} steps, lr {options.LearningRate.ToString(CultureInfo.InvariantCulture)}, " +
                    $"checkpoint every {options.CheckpointEvery} steps or {options.CheckpointIntervalSeconds.ToString(CultureInfo.InvariantCulture)} s");
                var bar = new TrainingProgressBar(stdout, Console.IsOutputRedirected);
                var trainer = new Sluice.Engine.Training.Trainer(model, options, data) { Tokenizer = bpe, Progress = bar.Report, CheckpointWritten = (c, _) => lastCheckpoint = c };

                // Ctrl-C cancels the token; the trainer then finishes its step and writes a checkpoint. It runs on a
                // foreground thread so the process waits for that checkpoint even if the command line stops waiting.
                var result = await OnForegroundThread(() => trainer.Run(outFolder, cancellationToken));
                bar.Finish();
                if (result.ResumedFromStep >= result.Steps)
                {
                    stdout.WriteLine($"the run in {outFolder} was already complete at step {result.Steps}; checkpoint {result.Checkpoint.Folder}");
                    return 0;
                }

                if (result.ResumedFromStep > 0)
                {
                    stdout.WriteLine($"resumed from step {result.ResumedFromStep}");
                }

                stdout.WriteLine($"done: step {result.Steps}, loss {result.FinalLoss:F4}" +
                    (result.FinalValidationLoss is { } v ? $", validation loss {v:F4}" : "") + $", checkpoint {result.Checkpoint.Folder}");
                return 0;
            }
            catch (OperationCanceledException)
            {
                stdout.WriteLine();
                stdout.WriteLine(lastCheckpoint is null
                    ? "interrupted before the first step completed; nothing to save"
                    : $"interrupted: checkpoint {lastCheckpoint.Folder} (step {lastCheckpoint.Manifest.Step}); run the same command to resume");
                return 130;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or InvalidOperationException or CheckpointException or EngineException or System.Text.Json.JsonException)
            {
                stderr.WriteLine("sluice train: " + e.Message.ReplaceLineEndings(" "));
                return 1;
            }
        });
        return command;
    }

    private static Task<T> OnForegroundThread<T>(Func<T> body)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                completion.SetResult(body());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        }) { IsBackground = false, Name = "sluice train" };
        thread.Start();
        return completion.Task;
    }

    // An explicit name or file; else the lake's copy, which `sluice run` keeps at <lake>/tokenizers/<id>/tokenizer.tiktoken.json
    // beside <lake>/tokens/<id>; else a standard encoding with the shards' tokenizer id.
    private static BpeTokenizer? ResolveTokenizer(string? nameOrPath, TokenDataset data, string tokensFolder)
    {
        if (nameOrPath is not null)
        {
            return TiktokenEncodings.GetOrLoad(nameOrPath);
        }

        if (data.TokenizerId is null)
        {
            return null;
        }

        for (var folder = new DirectoryInfo(tokensFolder); folder is not null; folder = folder.Parent)
        {
            var file = Path.Combine(folder.FullName, "tokenizers", data.TokenizerId, "tokenizer.tiktoken.json");
            if (File.Exists(file))
            {
                var found = TokenizerFile.Load(file, data.TokenizerId[..12]);
                return found.Id == data.TokenizerId
                    ? found
                    : throw new InvalidDataException($"{file} holds tokenizer {found.Id}, not the shards' {data.TokenizerId}");
            }
        }

        return TiktokenEncodings.Names.Select(TiktokenEncodings.Get).FirstOrDefault(candidate => candidate.Id == data.TokenizerId);
    }
}
