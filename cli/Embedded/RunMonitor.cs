using System.Collections.Concurrent;
using Sluice.Contracts;

namespace Sluice.Cli.Embedded;

/// <summary>What the embedded run has seen on the bus: per-source results, per-stage counts and failures.</summary>
internal sealed class RunMonitor
{
    private readonly ConcurrentDictionary<string, SourceIngested> sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StageTally> stages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> shardFailures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> tokenizers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TrainingProgress> training = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CheckpointSaved> finalCheckpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TrainingRequestAnswered> answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> trainingFailures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<CheckpointSaved> checkpoints = new();
    private readonly ConcurrentDictionary<string, EvalCompleted> evaluations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SourceReplayed> replays = new(StringComparer.Ordinal);
    private long shardsExpected;
    private long shardsTokenized;
    private long trainTokens;
    private long validationTokens;
    private long tokenFiles;

    /// <summary>Raised after each finished or failed source.</summary>
    public event Action? SourceFinished;

    public IReadOnlyDictionary<string, SourceIngested> Sources => sources;

    public IReadOnlyDictionary<string, string> Failures => failures;

    public IReadOnlyDictionary<string, StageTally> Stages => stages;

    public int FinishedCount => sources.Count + failures.Count;

    /// <summary>Document shards ingest wrote in this run: each must end tokenized or failed.</summary>
    public long ShardsExpected => Interlocked.Read(ref shardsExpected);

    /// <summary>Shards that reached the end of the pipeline, or failed on the way (and will not).</summary>
    public long ShardsFinished => Interlocked.Read(ref shardsTokenized) + shardFailures.Count;

    /// <summary>Shards that reached the end of the pipeline.</summary>
    public long ShardsTokenized => Interlocked.Read(ref shardsTokenized);

    /// <summary>Shards a later stage gave up on (after its retries), with the reason.</summary>
    public IReadOnlyDictionary<string, string> ShardFailures => shardFailures;

    /// <summary>The tokenizers the token shards of this run were written with.</summary>
    public IReadOnlyCollection<string> TokenizerIds => tokenizers.Keys.ToList();

    public void Record(SourceIngested ingested)
    {
        if (!ingested.AlreadyIngested)
        {
            Interlocked.Add(ref shardsExpected, ingested.DocumentShards.Count);
        }

        sources[ingested.Source.Key] = ingested;
        SourceFinished?.Invoke();
    }

    /// <summary>Ingest's answers to re-run requests, by source key (the last answer wins: a refusal follows an acceptance when the object is gone).</summary>
    public IReadOnlyDictionary<string, SourceReplayed> Replays => replays;

    /// <summary>Records ingest's answer to a re-run request; shards announced again from a later stage must each end tokenized or failed.</summary>
    public void RecordReplayed(SourceReplayed replayed)
    {
        if (replayed.Refusal is null && replayed.FromStage != ReprocessSource.Ingest)
        {
            Interlocked.Add(ref shardsExpected, replayed.ShardKeys.Count);
        }

        replays[replayed.SourceKey] = replayed;
    }

    public void RecordFailure(string sourceKey, string reason)
    {
        failures[sourceKey] = reason;
        SourceFinished?.Invoke();
    }

    public void RecordTokenized(string tokenizerId, long trainTokens, long validationTokens, int tokenFiles)
    {
        tokenizers.TryAdd(tokenizerId, 0);
        Interlocked.Add(ref this.trainTokens, trainTokens);
        Interlocked.Add(ref this.validationTokens, validationTokens);
        Interlocked.Add(ref this.tokenFiles, tokenFiles);
        Interlocked.Increment(ref shardsTokenized);
    }

    /// <summary>Training tokens written in this run.</summary>
    public long TrainTokens => Interlocked.Read(ref trainTokens);

    /// <summary>Validation tokens written in this run.</summary>
    public long ValidationTokens => Interlocked.Read(ref validationTokens);

    /// <summary>Token files (shards) written in this run; a cleaned shard with nothing left writes none.</summary>
    public long TokenFiles => Interlocked.Read(ref tokenFiles);

    public void RecordShardFailure(string stage, string shardKey, string reason) => shardFailures.TryAdd($"{stage}: {shardKey}", reason);

    /// <summary>The latest progress of each model line's run.</summary>
    public IReadOnlyDictionary<string, TrainingProgress> Training => training;

    /// <summary>Each model line's final checkpoint of this run.</summary>
    public IReadOnlyDictionary<string, CheckpointSaved> FinalCheckpoints => finalCheckpoints;

    /// <summary>Model lines whose training failed, with the reason.</summary>
    public IReadOnlyDictionary<string, string> TrainingFailures => trainingFailures;

    /// <summary>Every checkpoint saved during the run, in order.</summary>
    public IReadOnlyCollection<CheckpointSaved> Checkpoints => checkpoints;

    /// <summary>The trainer's answers to this process's <see cref="StartTraining"/> requests, by request id.</summary>
    public IReadOnlyDictionary<string, TrainingRequestAnswered> Answers => answers;

    public void RecordAnswer(TrainingRequestAnswered answer) => answers[answer.RequestId] = answer;

    /// <summary>
    /// True once the request <paramref name="requestId"/> to <paramref name="model"/> was answered and the run that
    /// answers it (if any) has saved its last checkpoint, or the line's training failed.
    /// </summary>
    public bool Settled(string model, string requestId) =>
        trainingFailures.ContainsKey(model)
        || (answers.TryGetValue(requestId, out var answer)
            && (answer.RunId is null || checkpoints.Any(c => c.Model == model && c.RunId == answer.RunId && c.Step == c.MaxSteps)));

    public void RecordProgress(TrainingProgress progress) => training[progress.Model] = progress;

    public void RecordCheckpoint(CheckpointSaved saved)
    {
        checkpoints.Enqueue(saved);
        if (saved.Step == saved.MaxSteps)
        {
            finalCheckpoints[saved.Model] = saved;
        }
    }

    /// <summary>The evaluator's results, by <c>model/run/step</c>.</summary>
    public IReadOnlyDictionary<string, EvalCompleted> Evaluations => evaluations;

    public void RecordEvaluation(EvalCompleted completed) => evaluations[$"{completed.Model}/{completed.RunId}/{completed.Step}"] = completed;

    /// <summary>The evaluation of <paramref name="model"/>'s last checkpoint in this run, once the evaluator announced it.</summary>
    public EvalCompleted? FinalEvaluation(string model) =>
        finalCheckpoints.TryGetValue(model, out var saved) && evaluations.TryGetValue($"{model}/{saved.RunId}/{saved.Step}", out var completed) ? completed : null;

    public void RecordTrainingFailure(TrainingFailed failed) => trainingFailures[failed.Model] = failed.Reason;

    public void RecordOutput(string stage, long documents, long bytes, IReadOnlyDictionary<string, long> removedByReason)
    {
        var tally = stages.GetOrAdd(stage, _ => new StageTally());
        tally.Add(documents, bytes, removedByReason);
    }
}
