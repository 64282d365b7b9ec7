using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Engine;
using Sluice.Engine.Checkpoints;
using Sluice.Evaluation.EvaluationSets;
using Sluice.Evaluation.Gate;
using Sluice.Evaluation.Reports;
using Sluice.Evaluator.Scoring;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;
using Sluice.Stages;
using Sluice.Storage;
using Sluice.Tokenizer.Shards;

namespace Sluice.Evaluator.Worker;

/// <summary>
/// Evaluates one checkpoint (docs/evaluator.md): downloads and verifies it and its dataset's shards, scores it
/// (<see cref="CheckpointScorer"/>), decides the regression gate against the line's best, writes the report under
/// <c>evals/&lt;model&gt;/&lt;run&gt;/&lt;step&gt;/</c>, moves <c>best.json</c> on a promotion, and announces
/// <see cref="EvalCompleted"/>. A checkpoint it cannot evaluate fails the job with the reason, and the event says so.
/// </summary>
internal sealed class CheckpointEvaluationJob(
    EvaluatorOptions options,
    LakeFiles lake,
    TimeProvider clock,
    ILogger<CheckpointEvaluationJob> logger) : IJobHandler
{
    /// <summary>The evaluator's name in keys, queues and logs.</summary>
    public const string StageName = "evaluator";

    /// <summary>The job kind.</summary>
    public const string JobKind = "checkpoint-evaluation";

    /// <summary>How the evaluator's state and payloads are written.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The unigram baseline's bits per byte on the same text, as <see cref="EvalCompleted.Metrics"/> names it.</summary>
    public const string BaselineMetric = "unigram_bits_per_byte";

    public string Kind => JobKind;

    /// <summary>Where a checkpoint's announced losses are kept.</summary>
    public static string LossKey(string model, string run, long step) => LakeKeys.State(StageName, $"{model}/losses/{run}-{Step(step)}.json");

    /// <summary>Where an evaluated checkpoint's metrics are kept.</summary>
    public static string HistoryKey(string model, string run, long step) => LakeKeys.State(StageName, $"{model}/history/{run}-{Step(step)}.json");

    public async Task<JobOutcome> RunAsync(JobRecord job, IJobStore store, CancellationToken cancellationToken)
    {
        var saved = JsonSerializer.Deserialize<CheckpointSaved>(job.Payload, Json)!;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Model"] = saved.Model, ["Run"] = saved.RunId, ["Step"] = saved.Step });
        var work = Path.Combine(options.EffectiveWorkFolder, saved.Model, saved.RunId, Step(saved.Step));
        try
        {
            var completed = await EvaluateAsync(saved, work, cancellationToken).ConfigureAwait(false);
            return JobOutcome.Success(JsonSerializer.Serialize(completed, Json));
        }
        catch (Exception e) when (e is ObjectIntegrityException or ObjectNotFoundException or CheckpointException or EvaluationInputException or TokenShardFormatException or JsonException)
        {
            logger.LogError("Checkpoint {Run} step {Step} of model line {Model} cannot be evaluated: {Reason}", saved.RunId, saved.Step, saved.Model, e.Message);
            return JobOutcome.Failure(e.Message);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    public async Task AnnounceAsync(JobRecord job, IJobStore store, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (job.State == JobState.Succeeded)
        {
            await publisher.Publish(JsonSerializer.Deserialize<EvalCompleted>(job.Outcome!, Json)!, cancellationToken).ConfigureAwait(false);
            return;
        }

        var saved = JsonSerializer.Deserialize<CheckpointSaved>(job.Payload, Json)!;
        await publisher.Publish(
            new EvalCompleted
            {
                Model = saved.Model,
                RunId = saved.RunId,
                Step = saved.Step,
                Checkpoint = saved.Manifest,
                Verdict = "failed",
                Failure = job.Outcome ?? "unknown",
                StageConfigHash = new string('0', 64),
                OccurredAt = clock.GetUtcNow(),
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<EvalCompleted> EvaluateAsync(CheckpointSaved saved, string work, CancellationToken cancellationToken)
    {
        // The checkpoint, every file checked against the hash the trainer announced, then against its own manifest.
        var folder = Path.Combine(work, "checkpoint");
        await lake.DownloadAsync(saved.Manifest, Path.Combine(folder, Checkpoint.ManifestFile), cancellationToken).ConfigureAwait(false);
        foreach (var file in saved.Files)
        {
            await lake.DownloadAsync(file, Path.Combine(folder, Path.GetFileName(file.Key)), cancellationToken).ConfigureAwait(false);
        }

        var checkpoint = Checkpoint.Open(folder);
        var tokenizer = checkpoint.LoadTokenizer() ?? throw new EvaluationInputException($"checkpoint {saved.Manifest.Key} carries no tokenizer");
        if (tokenizer.Id != saved.TokenizerId)
        {
            throw new EvaluationInputException($"tokenizer mismatch: checkpoint {saved.Manifest.Key} carries tokenizer {tokenizer.Id}, but was announced as trained with {saved.TokenizerId}");
        }

        // Its dataset version: the validation split it is scored on and the training split of the baseline and the memorization probe.
        var datasetBytes = await lake.ReadBytesAsync(saved.Dataset.Key, cancellationToken).ConfigureAwait(false)
            ?? throw new ObjectNotFoundException(lake.Description, saved.Dataset.Key);
        if (Convert.ToHexStringLower(SHA256.HashData(datasetBytes)) != saved.Dataset.Sha256)
        {
            throw new ObjectIntegrityException(lake.Description, saved.Dataset.Key, $"the dataset manifest's SHA-256 is not the {saved.Dataset.Sha256} the checkpoint names");
        }

        var dataset = JsonSerializer.Deserialize<DatasetManifest>(datasetBytes, Json) ?? throw new EvaluationInputException($"{saved.Dataset.Key} is empty");
        if (dataset.TokenizerId != tokenizer.Id)
        {
            throw new EvaluationInputException($"tokenizer mismatch: dataset {saved.Dataset.Key} is in tokenizer {dataset.TokenizerId}, the checkpoint's is {tokenizer.Id}");
        }

        var validation = new List<TokenShardReader>();
        var train = new List<TokenShardReader>();
        try
        {
            foreach (var shard in dataset.Shards)
            {
                var path = Path.Combine(work, "lake", shard.Tokens.Key.Replace('/', Path.DirectorySeparatorChar));
                await lake.DownloadAsync(shard.Tokens, path, cancellationToken).ConfigureAwait(false);
                await lake.DownloadAsync(shard.Documents, Path.Combine(work, "lake", shard.Documents.Key.Replace('/', Path.DirectorySeparatorChar)), cancellationToken).ConfigureAwait(false);
                (shard.Split == LakeKeys.ValidationSplit ? validation : train).Add(TokenShardReader.Open(path));
            }

            var sets = await EvalSetsAsync(cancellationToken).ConfigureAwait(false);
            var scoring = options.Scoring();
            CheckpointScores scores;
            using (var model = checkpoint.LoadModel())
            {
                try
                {
                    scores = await Task.Run(() => new CheckpointScorer(model, tokenizer, scoring, GenerationSafety.Default()).Score(validation, train, sets), cancellationToken).ConfigureAwait(false);
                }
                catch (ArgumentException e)
                {
                    throw new EvaluationInputException(e.Message);
                }
            }

            var problems = sets.SelectMany(s => s.Problems).Select(p => p.ToString()).ToList();
            return await ReportAsync(saved, dataset, scoring, scores, cancellationToken).ConfigureAwait(false) with { Problems = problems };
        }
        finally
        {
            foreach (var reader in validation.Concat(train))
            {
                reader.Dispose();
            }
        }
    }

    private async Task<EvalCompleted> ReportAsync(CheckpointSaved saved, DatasetManifest dataset, ScoringOptions scoring, CheckpointScores scores, CancellationToken cancellationToken)
    {
        var metrics = scores.Metrics.ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal);
        var best = await ReadAsync<BestCheckpoint>(LakeKeys.BestCheckpoint(saved.Model), cancellationToken).ConfigureAwait(false);
        var gate = RegressionGate.Decide(scores.Model.BitsPerByte, best?.Value, new GateOptions { MinimumRelativeImprovement = options.MinimumRelativeImprovement });
        var history = new List<EvaluatedCheckpoint>();
        foreach (var key in await lake.ListAsync(LakeKeys.StatePrefix(StageName, $"{saved.Model}/history"), cancellationToken).ConfigureAwait(false))
        {
            if (await ReadAsync<EvaluatedCheckpoint>(key, cancellationToken).ConfigureAwait(false) is { } earlier && !(earlier.RunId == saved.RunId && earlier.Step == saved.Step))
            {
                history.Add(earlier);
            }
        }

        var losses = new List<LossPoint>();
        foreach (var key in await lake.ListAsync(LakeKeys.StatePrefix(StageName, $"{saved.Model}/losses"), cancellationToken).ConfigureAwait(false))
        {
            if (await ReadAsync<LossRecord>(key, cancellationToken).ConfigureAwait(false) is { } loss && loss.RunId == saved.RunId && loss.Step <= saved.Step)
            {
                losses.Add(new LossPoint(loss.Step, loss.TrainLoss, loss.ValidationLoss));
            }
        }

        var input = new EvaluationReportInput
        {
            Model = saved.Model,
            Run = saved.RunId,
            Step = saved.Step,
            EvaluatedAt = clock.GetUtcNow(),
            Metrics = scores.Metrics,
            Baseline = scores.Baseline,
            Gate = gate,
            CurrentBest = best is null ? null : new CheckpointMetrics(best.Step, best.Metrics),
            History = history.OrderBy(h => h.RunId, StringComparer.Ordinal).ThenBy(h => h.Step).Select(h => new CheckpointMetrics(h.Step, h.Metrics)).ToList(),
            LossCurve = losses.OrderBy(l => l.Step).ToList(),
            Samples = scores.Samples,
            EvalSets = scores.EvalSets,
        };

        // Every file written locally, uploaded and verified; report.json last, since the event names it.
        var prefix = LakeKeys.EvaluationPrefix(saved.Model, saved.RunId, saved.Step);
        var files = EvaluationReport.Build(input);
        var local = Path.Combine(options.EffectiveWorkFolder, saved.Model, saved.RunId, Step(saved.Step), "report");
        Directory.CreateDirectory(local);
        StoredObjectRef? report = null;
        foreach (var file in files.OrderBy(f => f.Name == "report.json"))
        {
            var path = Path.Combine(local, file.Name);
            if (file.Name == "report.json")
            {
                Failpoints.Hit(Failpoints.EvaluationBeforeReport);
            }

            await File.WriteAllBytesAsync(path, file.Content, cancellationToken).ConfigureAwait(false);
            var stored = await lake.UploadAsync(path, prefix + file.Name, 1, cancellationToken).ConfigureAwait(false);
            if (file.Name == "report.json")
            {
                report = stored;
            }
        }

        await lake.PutBytesAsync(HistoryKey(saved.Model, saved.RunId, saved.Step), JsonSerializer.SerializeToUtf8Bytes(new EvaluatedCheckpoint(saved.RunId, saved.Step, metrics), Json), cancellationToken).ConfigureAwait(false);
        if (gate.Verdict == GateVerdict.Promote)
        {
            var promoted = new BestCheckpoint { Model = saved.Model, RunId = saved.RunId, Step = saved.Step, Manifest = saved.Manifest, Metric = MetricNames.BitsPerByte, Value = scores.Model.BitsPerByte, Metrics = metrics };
            await lake.PutBytesAsync(LakeKeys.BestCheckpoint(saved.Model), JsonSerializer.SerializeToUtf8Bytes(promoted, Json), cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation(
            "Model line {Model}: {Run} step {Step} evaluated: {BitsPerByte:F4} bits per byte (unigram baseline {BaselineBitsPerByte:F4}), {Verdict}; report at {ReportKey}",
            saved.Model, saved.RunId, saved.Step, scores.Model.BitsPerByte, scores.Baseline.BitsPerByte, gate.Verdict, report!.Key);
        return new EvalCompleted
        {
            Model = saved.Model,
            RunId = saved.RunId,
            Step = saved.Step,
            Checkpoint = saved.Manifest,
            Report = report,
            Metrics = new Dictionary<string, double>(metrics, StringComparer.Ordinal) { [BaselineMetric] = scores.Baseline.BitsPerByte },
            Deltas = best is null ? new Dictionary<string, double>() : metrics.Where(m => best.Metrics.ContainsKey(m.Key)).ToDictionary(m => m.Key, m => m.Value - best.Metrics[m.Key], StringComparer.Ordinal),
            Verdict = gate.Verdict == GateVerdict.Promote ? "promote" : "decline",
            StageConfigHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { scoring, dataset = saved.Dataset.Sha256, options.MinimumRelativeImprovement }, Json))),
            OccurredAt = clock.GetUtcNow(),
        };
    }

    private async Task<List<EvalSet>> EvalSetsAsync(CancellationToken cancellationToken)
    {
        var sets = new Dictionary<string, EvalSet>(StringComparer.Ordinal);
        if (options.ExampleSets)
        {
            foreach (var example in ExampleSets.LoadAll())
            {
                sets[example.Key.Key] = example;
            }
        }

        foreach (var key in await lake.ListAsync(LakeKeys.EvaluationSetsPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (!EvalSetKey.TryParse(key, out var parsed, out var error))
            {
                logger.LogWarning("{Key} is not an evaluation set: {Problem}", key, error);
                continue;
            }

            var bytes = await lake.ReadBytesAsync(key, cancellationToken).ConfigureAwait(false);
            if (bytes is not null)
            {
                sets[key] = EvalSetLoader.Load(parsed, bytes);
            }
        }

        foreach (var refused in sets.Values.Where(s => !s.IsUsable))
        {
            logger.LogWarning("Evaluation set {Key} is refused: {Problems}", refused.Key.Key, string.Join("; ", refused.Problems.Select(p => p.ToString())));
        }

        return sets.Values.OrderBy(s => s.Key.Key, StringComparer.Ordinal).ToList();
    }

    private async Task<T?> ReadAsync<T>(string key, CancellationToken cancellationToken)
        where T : class =>
        await lake.ReadBytesAsync(key, cancellationToken).ConfigureAwait(false) is { } bytes ? JsonSerializer.Deserialize<T>(bytes, Json) : null;

    private static string Step(long step) => step.ToString("D8", CultureInfo.InvariantCulture);
}
