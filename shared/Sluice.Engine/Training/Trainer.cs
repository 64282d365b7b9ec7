using System.Diagnostics;
using System.Text.Json;
using Sluice.Engine.Checkpoints;
using Sluice.Tokenizer;

namespace Sluice.Engine.Training;

/// <summary>
/// The training loop, top to bottom: sample micro-batches from the train shards, accumulate gradients, clip, take an
/// AdamW step at the scheduled learning rate, report loss, tokens/s and MFU, score the validation split every N
/// steps, and checkpoint. A run folder that already holds a complete checkpoint is resumed from it exactly: the
/// same weights, optimizer moments, generator state and data position, so the loss curve continues bit for bit.
/// A new run may instead continue from another run's checkpoint (<see cref="ContinueFrom"/>).
/// </summary>
public sealed class Trainer(ModelConfig modelConfig, TrainingOptions options, TokenDataset data)
{
    /// <summary>The per-step log inside a run folder, one JSON object per line.</summary>
    public const string MetricsFile = "metrics.jsonl";

    private static readonly JsonSerializerOptions MetricsJson = new(EngineJson.Options) { WriteIndented = false };

    /// <summary>The tokenizer the shards were made with, saved into every checkpoint so sampling and export find it; optional.</summary>
    public BpeTokenizer? Tokenizer { get; init; }

    /// <summary>Called after every optimizer step.</summary>
    public Action<StepReport>? Progress { get; init; }

    /// <summary>
    /// Called after every checkpoint is complete (its manifest written), before older ones are pruned, with the report of
    /// the step it was taken at (null for a checkpoint a cancellation took before that step's report).
    /// </summary>
    public Action<Checkpoint, StepReport?>? CheckpointWritten { get; init; }

    /// <summary>
    /// Continual training: a complete checkpoint of another run whose weights and AdamW moments (and AdamW step
    /// count, so bias correction stays consistent) start this run. The run has its own step counter, schedule and
    /// warmup ("re-warmup") and data position. Its model configuration must have the same shape. Ignored when the
    /// run folder already holds a checkpoint: then the run resumes exactly.
    /// </summary>
    public Checkpoint? ContinueFrom { get; init; }

    /// <summary>How checkpoints of a continued run name the checkpoint it started from (<c>training.json</c>); default its folder.</summary>
    public string? ContinueFromLabel { get; init; }

    /// <summary>Memory the pre-flight check compares the estimate with; null reads the machine's (<see cref="MemoryEstimate.AvailableBytes"/>).</summary>
    public long? AvailableMemoryBytes { get; init; }

    /// <summary>
    /// Trains into <paramref name="runFolder"/>, resuming from its latest complete checkpoint if it has one. When
    /// <paramref name="cancellationToken"/> fires, the step in progress completes, a checkpoint of it is written,
    /// and <see cref="OperationCanceledException"/> is thrown: a later run resumes from there exactly.
    /// </summary>
    public TrainingResult Run(string runFolder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runFolder);
        modelConfig.Validate();
        options.ValidateFor(modelConfig);
        if (data.VocabularySize > modelConfig.VocabSize)
        {
            throw new ArgumentException($"The token shards use a vocabulary of {data.VocabularySize} ids, more than the model's VocabSize {modelConfig.VocabSize}");
        }

        if (Tokenizer is not null && data.TokenizerId is not null && Tokenizer.Id != data.TokenizerId)
        {
            throw new ArgumentException($"Tokenizer {Tokenizer} has id {Tokenizer.Id}, but the shards in {data.Folder} were made with {data.TokenizerId}");
        }

        if (options.EvalEvery > 0 && data.Validation.Count == 0)
        {
            throw new InvalidDataException($"Token folder {data.Folder} has no validation split; provide one or set EvalEvery = 0");
        }

        MemoryEstimate.RequireFits(modelConfig, options, AvailableMemoryBytes ?? MemoryEstimate.AvailableBytes());
        if (options.Threads > 0)
        {
            TorchRuntime.Threads = options.Threads;
        }

        Directory.CreateDirectory(runFolder);
        var resumed = Checkpoint.FindLatest(runFolder);
        if (resumed is not null)
        {
            RequireSameRun(resumed);
        }

        using var model = resumed?.LoadModel() ?? StartModel();
        var continuedFrom = resumed?.Training.ContinuedFrom ?? ContinueFromLabel ?? ContinueFrom?.Folder;
        var width = options.SequenceLength + 1;
        var sampler = new BatchSampler(data.Groups, width, resumed?.Training.Position.SamplerState ?? options.DataSeed);
        var validation = options.EvalEvery > 0 ? new ValidationWindows(data.Validation, width) : null;
        var startStep = resumed?.Training.Position.Step ?? 0;
        var tokensSeen = resumed?.Training.Position.TokensSeen ?? 0;
        using var metrics = OpenMetrics(runFolder, startStep);

        var schedule = options.Schedule;
        var flopsPerToken = FlopsEstimate.PerToken(modelConfig, model.ParameterCount, options.SequenceLength);
        var peak = options.PeakFlops > 0 ? options.PeakFlops : FlopsEstimate.NominalPeak(modelConfig.Device, TorchRuntime.Threads);
        var batch = new int[options.BatchSize * width];
        var timer = new Stopwatch();
        var sinceCheckpoint = Stopwatch.StartNew();
        var trainingTime = TimeSpan.Zero;
        long tokensThisProcess = 0;
        double loss = double.NaN;
        double? validationLoss = null;
        Checkpoint? last = resumed;

        Checkpoint Save(long step, StepReport? report)
        {
            var record = new TrainingRecord(options, new TrainingPosition(step, sampler.State, tokensSeen), continuedFrom);
            last = Checkpoint.Write(Checkpoint.FolderFor(runFolder, step), model, record, data.TokenizerId, Tokenizer);
            sinceCheckpoint.Restart();
            CheckpointWritten?.Invoke(last, report);
            Prune(runFolder, step);
            return last;
        }

        for (var step = startStep + 1; step <= options.MaxSteps; step++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                if (step - 1 > (last?.Training.Position.Step ?? 0))
                {
                    Save(step - 1, null);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }

            timer.Restart();
            var learningRate = schedule.At(step);
            loss = 0;
            for (var micro = 0; micro < options.AccumulationSteps; micro++)
            {
                sampler.Fill(batch);
                loss += model.Accumulate(batch, options.BatchSize, options.SequenceLength, 1.0 / options.AccumulationSteps);
            }

            loss /= options.AccumulationSteps;
            var gradNorm = model.OptimizerStep(new AdamWStep(learningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.MaxGradNorm));
            timer.Stop();
            trainingTime += timer.Elapsed;
            tokensSeen += options.TokensPerStep;
            tokensThisProcess += options.TokensPerStep;
            var tokensPerSecond = options.TokensPerStep / timer.Elapsed.TotalSeconds;

            var isLast = step == options.MaxSteps;
            validationLoss = validation is not null && (step % options.EvalEvery == 0 || isLast) ? Validate(model, validation, batch) : null;
            var due = isLast
                || (options.CheckpointEvery > 0 && step % options.CheckpointEvery == 0)
                || (options.CheckpointIntervalSeconds > 0 && sinceCheckpoint.Elapsed.TotalSeconds >= options.CheckpointIntervalSeconds)
                || cancellationToken.IsCancellationRequested;
            var report = new StepReport(step, options.MaxSteps, loss, learningRate, gradNorm, tokensPerSecond, flopsPerToken * tokensPerSecond / peak, validationLoss, null);
            if (due)
            {
                report = report with { CheckpointFolder = Save(step, report).Folder };
            }

            metrics.WriteLine(JsonSerializer.Serialize(report, MetricsJson));
            metrics.Flush();
            Progress?.Invoke(report);
        }

        if (last is null)
        {
            throw new InvalidOperationException($"The run in {runFolder} was already complete at step {startStep} but holds no checkpoint");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var meanTokensPerSecond = trainingTime > TimeSpan.Zero ? tokensThisProcess / trainingTime.TotalSeconds : 0;
        return new TrainingResult(startStep, Math.Max(startStep, options.MaxSteps), loss, validationLoss, last, meanTokensPerSecond);
    }

    private GptModel StartModel()
    {
        if (ContinueFrom is null)
        {
            return GptModel.Create(modelConfig);
        }

        var source = ContinueFrom.Config;
        if (source with { Dropout = modelConfig.Dropout, Seed = modelConfig.Seed, Device = modelConfig.Device, Bf16Autocast = modelConfig.Bf16Autocast } != modelConfig)
        {
            throw new InvalidOperationException($"{ContinueFrom.Folder} holds a model configured as {source}, which has another shape than {modelConfig}: continual training needs the same shape");
        }

        using var previous = ContinueFrom.LoadModel(modelConfig.Device);
        var model = GptModel.Create(modelConfig);
        try
        {
            for (var i = 0; i < model.Tensors.Count; i++)
            {
                model.WriteTensor(i, previous.ReadTensor(i));
            }

            model.LoadOptimizerFrom(previous);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private double Validate(GptModel model, ValidationWindows validation, int[] batch)
    {
        double total = 0;
        for (var i = 0; i < options.EvalBatches; i++)
        {
            validation.Fill(i, batch);
            total += model.EvaluateLoss(batch, options.BatchSize, options.SequenceLength);
        }

        return total / options.EvalBatches;
    }

    private void RequireSameRun(Checkpoint checkpoint)
    {
        if (checkpoint.Config != modelConfig)
        {
            throw new InvalidOperationException($"{checkpoint.Folder} holds a model configured as {checkpoint.Config}, not {modelConfig}: use another output folder or the same configuration");
        }

        if (checkpoint.Training.Options != options)
        {
            throw new InvalidOperationException($"{checkpoint.Folder} was trained with {checkpoint.Training.Options}, not {options}: resuming needs the same options to continue exactly");
        }
    }

    // Older complete checkpoints beyond KeepCheckpoints go once a newer one is complete; incomplete folders left by a
    // kill are older than the newest complete one and go too.
    private void Prune(string runFolder, long newest)
    {
        if (options.KeepCheckpoints == 0)
        {
            return;
        }

        var root = Path.Combine(runFolder, "checkpoints");
        var steps = Directory.GetDirectories(root)
            .Select(d => (Folder: d, Step: long.TryParse(Path.GetFileName(d), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : -1))
            .Where(d => d.Step >= 0 && d.Step < newest)
            .OrderByDescending(d => d.Step)
            .ToList();
        var kept = 1;
        foreach (var (folder, _) in steps)
        {
            if (File.Exists(Path.Combine(folder, Checkpoint.ManifestFile)) && kept < options.KeepCheckpoints)
            {
                kept++;
                continue;
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    // Lines after the resumed checkpoint belong to steps that are about to be redone, so they are dropped.
    private static StreamWriter OpenMetrics(string runFolder, long keepThroughStep)
    {
        var path = Path.Combine(runFolder, MetricsFile);
        var kept = new List<string>();
        if (keepThroughStep > 0 && File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    using var document = JsonDocument.Parse(line);
                    if (document.RootElement.GetProperty("step").GetInt64() <= keepThroughStep)
                    {
                        kept.Add(line);
                    }
                }
                catch (JsonException)
                {
                    // A line cut short by a kill is a step that will be redone.
                }
            }
        }

        var writer = new StreamWriter(path, append: false);
        foreach (var line in kept)
        {
            writer.WriteLine(line);
        }

        writer.Flush();
        return writer;
    }
}
