using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Engine.Checkpoints;
using Sluice.Engine.Training;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;
using Sluice.Stages;
using Sluice.Storage;
using Sluice.Tokenizer;
using Sluice.Training.Lines;

namespace Sluice.Training.Worker;

/// <summary>
/// A model line's training job (docs/trainer.md): one per line, one holder at a time across replicas. It works
/// through what the line has: resumes the newest dataset's run if it did not finish (from its latest checkpoint in the
/// lake, exactly), otherwise builds the next dataset version once enough new training tokens arrived or a
/// <see cref="StartTraining"/> asks, and trains a run on it, continuing from the previous run's last checkpoint. Every
/// checkpoint is uploaded and verified, then announced once with <see cref="CheckpointSaved"/>; progress goes out as
/// <see cref="TrainingProgress"/>. Data that arrives while a run trains goes into the next version.
/// </summary>
internal sealed class TrainingLineJob(
    TrainerOptions options,
    LineLedger ledger,
    LakeFiles files,
    CheckpointStore checkpoints,
    ShardQuarantine quarantine,
    IBus bus,
    TimeProvider clock,
    ILogger<TrainingLineJob> logger) : IJobHandler
{
    /// <summary>The trainer's name in keys, queues and logs.</summary>
    public const string StageName = "trainer";

    /// <summary>The job kind.</summary>
    public const string JobKind = "model-training";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private int runs;

    public string Kind => JobKind;

    /// <summary>Runs this process trained to their end (for tests: replicas must train one run between them).</summary>
    public int RunCount => Volatile.Read(ref runs);

    /// <summary>The job id of a model line.</summary>
    public static string JobIdOf(string model) => $"train-{model}";

    public async Task<JobOutcome> RunAsync(JobRecord job, IJobStore store, CancellationToken cancellationToken)
    {
        var model = JsonSerializer.Deserialize<TrainingLineRequest>(job.Payload, Json)!.Model;
        var line = options.Line(model);
        if (line is null)
        {
            return JobOutcome.Failure($"no model line named {model} is configured (Trainer:Lines)");
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Model"] = model });
        while (true)
        {
            var state = await ledger.ReadStateAsync(model, cancellationToken).ConfigureAwait(false);
            if (state.RunPending)
            {
                // Requests waiting while a run is unfinished are answered by that run: it trains on what they asked for.
                await AnswerRequestsAsync(model, DatasetManifest.RunIdOf(state.LatestDataset), $"resuming {DatasetManifest.RunIdOf(state.LatestDataset)} on dataset version {state.LatestDataset}", cancellationToken).ConfigureAwait(false);
                await TrainAsync(line, state, cancellationToken).ConfigureAwait(false);

                // The run has ended and its last checkpoint is announced: that it ended is recorded even when a stop
                // arrives now (a caller that saw the last checkpoint may already be stopping the host), or the next
                // start would take the finished run for an interrupted one.
                await ledger.WriteStateAsync(model, state with { CompletedRuns = [.. state.CompletedRuns, state.LatestDataset] }, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref runs);
                continue;
            }

            var (next, reason, cannotTrain) = await PlanAsync(line, state, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                return cannotTrain ? JobOutcome.Failure(reason) : JobOutcome.Success(reason);
            }
        }
    }

    public async Task AnnounceAsync(JobRecord job, IJobStore store, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (job.State == JobState.Failed)
        {
            var model = JsonSerializer.Deserialize<TrainingLineRequest>(job.Payload, Json)!.Model;
            await publisher.Publish(new TrainingFailed { Model = model, Reason = job.Outcome ?? "unknown", OccurredAt = clock.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        }
    }

    // Decides whether the line has a next dataset and writes it; returns it, or null with why not (and whether the line
    // cannot train at all, which fails the job).
    private async Task<(DatasetManifest? Next, string Reason, bool CannotTrain)> PlanAsync(ModelLineOptions line, LineState state, CancellationToken cancellationToken)
    {
        var model = line.Name;
        // Requests first: every arrival recorded before a request was made is then in the listing that follows, so a
        // request trains on at least what had arrived when it was made. Read the other way round, an attempt that listed
        // the arrivals a moment before the last ones were recorded, and the requests just after one came, would train
        // on fewer shards than the requester saw.
        var requests = await ledger.RequestsAsync(model, cancellationToken).ConfigureAwait(false);
        var arrivals = await ledger.ArrivalsAsync(model, cancellationToken).ConfigureAwait(false);
        var previous = state.LatestDataset > 0 ? (await ledger.ReadDatasetAsync(model, state.LatestDataset, cancellationToken).ConfigureAwait(false)).Manifest : null;
        var included = previous?.Shards.Select(s => s.Tokens.Key).ToHashSet(StringComparer.Ordinal) ?? [];
        var tokenizer = line.TokenizerId.Length > 0 ? line.TokenizerId
            : state.TokenizerId ?? arrivals.GroupBy(a => a.Arrival.TokenizerId).OrderByDescending(g => g.Sum(a => a.Arrival.Train.TokenCount)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
        var fresh = new List<DatasetShard>();
        foreach (var (key, arrival) in arrivals)
        {
            if (arrival.TokenizerId != tokenizer)
            {
                await quarantine.QuarantineAsync(
                    StageName, new ShardInput(arrival.Source, arrival.Input), "tokenizer-mismatch",
                    $"the token shards of {arrival.Input.Key} were made with tokenizer {arrival.TokenizerId}; model line {model} trains with tokenizer {tokenizer}",
                    arrival.StageConfigHash, new BusStagePublisher(bus), cancellationToken).ConfigureAwait(false);
                await ledger.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
                continue;
            }

            fresh.AddRange(ShardsOf(arrival).Where(s => !included.Contains(s.Tokens.Key)));
        }

        // A request asks for a run on whatever arrived, however little; with nothing new it is already satisfied.
        if (fresh.Count == 0)
        {
            var upToDate = $"up to date with dataset version {state.LatestDataset}";
            await AnswerRequestsAsync(model, null, upToDate, cancellationToken).ConfigureAwait(false);
            return (null, upToDate, false);
        }

        var freshTrainTokens = fresh.Where(s => s.Split == LakeKeys.TrainSplit).Sum(s => s.Tokens.RecordCount);
        if (requests.Count == 0 && (options.StartOnRequestOnly || freshTrainTokens < line.MinNewTokens))
        {
            return (null, options.StartOnRequestOnly
                ? $"{freshTrainTokens:N0} new training tokens wait for a StartTraining request"
                : $"waiting for more data: {freshTrainTokens:N0} new training tokens of the {line.MinNewTokens:N0} that start a run", false);
        }

        var verified = new List<DatasetShard>();
        foreach (var shard in fresh)
        {
            if (await VerifyAsync(model, shard, cancellationToken).ConfigureAwait(false))
            {
                verified.Add(shard);
            }
        }

        var kept = previous?.Shards ?? [];
        var added = DatasetValidation.HoldOut(kept, verified, line.MinValidationTokens, line.MaxValidationShare);
        var shards = kept.Concat(added).OrderBy(s => s.Tokens.Key, StringComparer.Ordinal).ToList();
        if (tokenizer is null || shards.All(s => s.Split != LakeKeys.TrainSplit))
        {
            var none = $"model line {model} has no training tokens: no token shard has arrived for it";
            await AnswerRequestsAsync(model, null, none, cancellationToken).ConfigureAwait(false);
            return (null, none, true);
        }

        var next = new DatasetManifest(model, state.LatestDataset + 1, tokenizer, shards, verified.Select(s => s.Tokens.Key).Order(StringComparer.Ordinal).ToList());
        var written = await ledger.WriteDatasetAsync(next, cancellationToken).ConfigureAwait(false);
        await ledger.WriteStateAsync(model, state with { TokenizerId = tokenizer, LatestDataset = next.Version }, cancellationToken).ConfigureAwait(false);
        await AnswerRequestsAsync(model, next.RunId, $"{next.RunId} trains on dataset version {next.Version}", cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "Model line {Model}: dataset version {Version} at {DatasetKey}, {TrainTokens} training and {ValidationTokens} validation tokens in {ShardCount} shard(s), {AddedCount} new",
            model, next.Version, written.Key, next.TrainTokens, next.ValidationTokens, next.Shards.Count, next.Added.Count);
        return (next, string.Empty, false);
    }

    // Answers and removes every recorded request of the line (a request recorded twice is answered twice, harmlessly).
    private async Task AnswerRequestsAsync(string model, string? runId, string outcome, CancellationToken cancellationToken)
    {
        foreach (var (key, request) in await ledger.RequestsAsync(model, cancellationToken).ConfigureAwait(false))
        {
            await bus.Publish(new TrainingRequestAnswered { Model = model, RequestId = request.RequestId, RunId = runId, Outcome = outcome, OccurredAt = clock.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            await ledger.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TrainAsync(ModelLineOptions line, LineState state, CancellationToken cancellationToken)
    {
        var model = line.Name;
        var (dataset, datasetRef) = await ledger.ReadDatasetAsync(model, state.LatestDataset, cancellationToken).ConfigureAwait(false);
        var run = dataset.RunId;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Run"] = run });
        var work = Path.Combine(options.EffectiveWorkFolder, model);
        foreach (var shard in dataset.Shards)
        {
            await files.DownloadAsync(shard.Tokens, LocalPath(work, shard.Tokens.Key), cancellationToken).ConfigureAwait(false);
            await files.DownloadAsync(shard.Documents, LocalPath(work, shard.Documents.Key), cancellationToken).ConfigureAwait(false);
        }

        var tokenizer = await LoadTokenizerAsync(work, dataset.TokenizerId, cancellationToken).ConfigureAwait(false);
        var modelConfig = line.Model(tokenizer.VocabularySize);
        var continuing = state.LatestCompleted > 0;
        var steps = line.StepsFor(dataset.TrainTokens);
        var training = line.Training(steps, continuing, validate: dataset.ValidationTokens > line.SequenceLength + 1);

        // The lake is the record: the local run folder holds exactly the run's latest complete checkpoint, if any.
        var runFolder = Path.Combine(work, "runs", run);
        if (Directory.Exists(runFolder))
        {
            Directory.Delete(runFolder, recursive: true);
        }

        Directory.CreateDirectory(runFolder);
        var done = await checkpoints.CompleteStepsAsync(model, run, cancellationToken).ConfigureAwait(false);
        if (done.Count > 0)
        {
            var resumed = await checkpoints.DownloadAsync(model, run, done[^1], runFolder, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Model line {Model}: resuming {Run} from step {Step} in the lake", model, run, resumed.Manifest.Step);
            if (!await ledger.IsAnnouncedAsync(model, run, resumed.Manifest.Step, cancellationToken).ConfigureAwait(false))
            {
                await AnnounceCheckpointAsync(line, dataset, datasetRef, training, resumed, resumed.Training.Position.TokensSeen, double.NaN, null, cancellationToken).ConfigureAwait(false);
            }
        }

        Checkpoint? continueFrom = null;
        if (continuing && done.Count == 0)
        {
            var previousRun = DatasetManifest.RunIdOf(state.LatestCompleted);
            var previousSteps = await checkpoints.CompleteStepsAsync(model, previousRun, cancellationToken).ConfigureAwait(false);
            if (previousSteps.Count > 0)
            {
                continueFrom = await checkpoints.DownloadAsync(model, previousRun, previousSteps[^1], Path.Combine(work, "continue", previousRun), cancellationToken).ConfigureAwait(false);
            }
        }

        using var data = TokenDataset.Open(Groups(line, dataset, work, continuing));
        logger.LogInformation(
            "Model line {Model}: {Run} trains {Steps} steps ({TokensPerStep} tokens each) on dataset version {Version}, {ContinuedFrom}",
            model, run, steps, training.TokensPerStep, dataset.Version, continueFrom is null ? "from scratch" : $"continuing from {DatasetManifest.RunIdOf(state.LatestCompleted)} step {continueFrom.Manifest.Step}");
        var lastReport = default(StepReport);
        var lastProgress = clock.GetTimestamp();
        var publishedStep = -1L;
        void PublishProgress(StepReport report)
        {
            lastProgress = clock.GetTimestamp();
            publishedStep = report.Step;
            Publish(Progress(model, run, report, training));
        }

        var trainer = new Sluice.Engine.Training.Trainer(modelConfig, training, data)
        {
            Tokenizer = tokenizer,
            ContinueFrom = continueFrom,
            ContinueFromLabel = continueFrom is null ? null : LakeKeys.CheckpointPrefix(model, DatasetManifest.RunIdOf(state.LatestCompleted), continueFrom.Manifest.Step),
            Progress = report =>
            {
                lastReport = report;
                if (report.Step != publishedStep && (report.Step == report.MaxSteps || clock.GetElapsedTime(lastProgress).TotalSeconds >= options.ProgressIntervalSeconds))
                {
                    PublishProgress(report);
                }
            },
            CheckpointWritten = (checkpoint, report) =>
            {
                // A checkpointed step's progress goes out before its checkpoint: a process killed in between resumes
                // after that step, so its progress would otherwise never be reported.
                if (report is not null)
                {
                    lastReport = report;
                    PublishProgress(report);
                }

                AnnounceCheckpointAsync(
                    line, dataset, datasetRef, training, checkpoint, checkpoint.Training.Position.TokensSeen, report?.Loss ?? lastReport?.Loss ?? double.NaN, report?.ValidationLoss, CancellationToken.None).GetAwaiter().GetResult();
            },
        };
        var result = await Task.Run(() => trainer.Run(runFolder, cancellationToken), cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "Model line {Model}: {Run} finished at step {Step}, loss {Loss:F4}, validation loss {ValidationLoss}, {TokensPerSecond:F0} tokens/s",
            model, run, result.Steps, result.FinalLoss, result.FinalValidationLoss, result.MeanTokensPerSecond);
    }

    private async Task AnnounceCheckpointAsync(
        ModelLineOptions line, DatasetManifest dataset, StoredObjectRef datasetRef, TrainingOptions training, Checkpoint checkpoint, long tokensSeen, double loss, double? validationLoss, CancellationToken cancellationToken)
    {
        var model = line.Name;
        var run = dataset.RunId;
        var step = checkpoint.Manifest.Step;
        var (manifest, uploaded) = await checkpoints.UploadAsync(model, run, checkpoint, cancellationToken).ConfigureAwait(false);
        await bus.Publish(
            new CheckpointSaved
            {
                Model = model,
                RunId = run,
                Step = step,
                MaxSteps = training.MaxSteps,
                Manifest = manifest,
                Files = uploaded,
                TokenizerId = dataset.TokenizerId,
                Dataset = datasetRef,
                TokensSeen = tokensSeen,
                TrainLoss = loss,
                ValidationLoss = validationLoss,
                StageConfigHash = ConfigHash(checkpoint, datasetRef),
                OccurredAt = clock.GetUtcNow(),
            },
            cancellationToken).ConfigureAwait(false);
        await ledger.MarkAnnouncedAsync(model, run, step, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Model line {Model}: checkpoint {Run} step {Step} saved at {ManifestKey}, loss {Loss:F4}", model, run, step, manifest.Key, loss);
        var best = await ledger.ReadBestAsync(model, cancellationToken).ConfigureAwait(false);
        var keep = best is not null && best.RunId == run ? new HashSet<long> { best.Step } : [];
        await checkpoints.PruneAsync(model, run, line.KeepCheckpoints, keep, cancellationToken).ConfigureAwait(false);
    }

    private static IReadOnlyList<TokenShardGroup> Groups(ModelLineOptions line, DatasetManifest dataset, string work, bool continuing)
    {
        var added = dataset.Added.ToHashSet(StringComparer.Ordinal);
        var fresh = dataset.Shards.Where(s => added.Contains(s.Tokens.Key)).Select(s => LocalPath(work, s.Tokens.Key)).ToList();
        var older = dataset.Shards.Where(s => !added.Contains(s.Tokens.Key)).Select(s => LocalPath(work, s.Tokens.Key)).ToList();
        var trainIn = (IEnumerable<string> keys) => dataset.Shards.Any(s => s.Split == LakeKeys.TrainSplit && keys.Contains(LocalPath(work, s.Tokens.Key)));
        // A train shard the dataset holds out for validation (DatasetValidation) is validation whatever its header says.
        var heldOut = dataset.Shards.Where(s => s.Split == LakeKeys.ValidationSplit).Select(s => LocalPath(work, s.Tokens.Key)).ToHashSet(StringComparer.Ordinal);
        TokenShardGroup Group(string name, List<string> files, double? weight) => new(name, files, weight) { HeldOut = files.Where(heldOut.Contains).ToList() };
        return continuing && line.NewDataShare is { } share && trainIn(fresh) && trainIn(older)
            ? [Group("new", fresh, share), Group("earlier", older, 1 - share)]
            : [Group(dataset.RunId, fresh.Concat(older).Order(StringComparer.Ordinal).ToList(), null)];
    }

    private static IEnumerable<DatasetShard> ShardsOf(Tokenized arrival) =>
        arrival.Train.Shards.Select(s => new DatasetShard(LakeKeys.TrainSplit, s.Tokens, s.Documents, arrival.Input.Key, arrival.Source))
            .Concat(arrival.Validation.Shards.Select(s => new DatasetShard(LakeKeys.ValidationSplit, s.Tokens, s.Documents, arrival.Input.Key, arrival.Source)));

    // The lake key's path under the work folder: keys are validated segments, so they cannot leave it.
    private static string LocalPath(string work, string key) => Path.Combine(work, "lake", key.Replace('/', Path.DirectorySeparatorChar));

    private static string ConfigHash(Checkpoint checkpoint, StoredObjectRef dataset) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        JsonSerializer.Serialize(new { checkpoint.Config, checkpoint.Training.Options, dataset = dataset.Sha256 }, Json))));

    private static TrainingProgress Progress(string model, string run, StepReport report, TrainingOptions training) => new()
    {
        Model = model,
        RunId = run,
        Step = report.Step,
        MaxSteps = report.MaxSteps,
        Loss = report.Loss,
        ValidationLoss = report.ValidationLoss,
        LearningRate = report.LearningRate,
        TokensPerSecond = report.TokensPerSecond,
        Mfu = report.Mfu,
        Remaining = report.TokensPerSecond > 0 ? TimeSpan.FromSeconds((report.MaxSteps - report.Step) * training.TokensPerStep / report.TokensPerSecond) : TimeSpan.Zero,
        OccurredAt = DateTimeOffset.UtcNow,
    };

    private void Publish(TrainingProgress progress)
    {
        logger.LogInformation(
            "Model line {Model}: {Run} step {Step}/{MaxSteps}, loss {Loss:F4}, {TokensPerSecond:F0} tokens/s, MFU {Mfu:P2}, {Remaining} to go",
            progress.Model, progress.RunId, progress.Step, progress.MaxSteps, progress.Loss, progress.TokensPerSecond, progress.Mfu, progress.Remaining);
        bus.Publish(progress).GetAwaiter().GetResult();
    }

    private async Task<bool> VerifyAsync(string model, DatasetShard shard, CancellationToken cancellationToken)
    {
        var work = Path.Combine(options.EffectiveWorkFolder, model);
        try
        {
            await files.DownloadAsync(shard.Tokens, LocalPath(work, shard.Tokens.Key), cancellationToken).ConfigureAwait(false);
            await files.DownloadAsync(shard.Documents, LocalPath(work, shard.Documents.Key), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is ObjectIntegrityException or ObjectNotFoundException)
        {
            await quarantine.QuarantineAsync(
                StageName, new ShardInput(shard.Source, shard.Tokens), e is ObjectIntegrityException ? ShardInputReasons.Integrity : ShardInputReasons.Missing,
                $"{e.Message}; model line {model} does not train on it", new string('0', 64), new BusStagePublisher(bus), cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<BpeTokenizer> LoadTokenizerAsync(string work, string tokenizerId, CancellationToken cancellationToken)
    {
        var key = LakeKeys.Tokenizer(tokenizerId, "tokenizer.tiktoken.json");
        var info = await files.InfoAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new ObjectNotFoundException(files.Description, key);
        var path = LocalPath(work, key);
        await files.DownloadAsync(new StoredObjectRef { Key = key, Sha256 = info.Sha256 ?? tokenizerId, ByteCount = info.ByteCount, RecordCount = 1 }, path, cancellationToken).ConfigureAwait(false);
        var tokenizer = TokenizerFile.Load(path, tokenizerId[..12]);
        return tokenizer.Id == tokenizerId ? tokenizer : throw new ObjectIntegrityException(files.Description, key, $"the tokenizer there has id {tokenizer.Id}, not {tokenizerId}");
    }
}
