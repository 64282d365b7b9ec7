using System.Collections.Concurrent;
using Sluice.Contracts;

namespace Sluice.Integration.Tests;

/// <summary>Every pipeline event the test's own bus received from the broker.</summary>
public sealed class RecordedEvents
{
    private readonly SemaphoreSlim arrived = new(0);

    /// <summary>DataArrived events, in arrival order.</summary>
    public ConcurrentQueue<DataArrived> DataArrived { get; } = new();

    /// <summary>SourceIngested events, in arrival order.</summary>
    public ConcurrentQueue<SourceIngested> SourceIngested { get; } = new();

    /// <summary>Deduplicated events, in arrival order.</summary>
    public ConcurrentQueue<Deduplicated> Deduplicated { get; } = new();

    /// <summary>Cleaned events, in arrival order.</summary>
    public ConcurrentQueue<Cleaned> Cleaned { get; } = new();

    /// <summary>Tokenized events, in arrival order.</summary>
    public ConcurrentQueue<Tokenized> Tokenized { get; } = new();

    /// <summary>ShardQuarantined events, in arrival order.</summary>
    public ConcurrentQueue<ShardQuarantined> Quarantined { get; } = new();

    /// <summary>TokenizerTrained events, in arrival order.</summary>
    public ConcurrentQueue<TokenizerTrained> TokenizerTrained { get; } = new();

    /// <summary>TokenizerTrainingFailed events, in arrival order.</summary>
    public ConcurrentQueue<TokenizerTrainingFailed> TokenizerTrainingFailed { get; } = new();

    /// <summary>EvalCompleted events, in arrival order.</summary>
    public ConcurrentQueue<EvalCompleted> EvalCompleted { get; } = new();

    /// <summary>CheckpointSaved events, in arrival order.</summary>
    public ConcurrentQueue<CheckpointSaved> CheckpointSaved { get; } = new();

    /// <summary>TrainingProgress events, in arrival order.</summary>
    public ConcurrentQueue<TrainingProgress> TrainingProgress { get; } = new();

    /// <summary>TrainingFailed events, in arrival order.</summary>
    public ConcurrentQueue<TrainingFailed> TrainingFailed { get; } = new();

    /// <summary>Records one event and wakes whoever waits for a condition on them.</summary>
    public void Add<T>(ConcurrentQueue<T> queue, T message)
    {
        queue.Enqueue(message);
        arrived.Release();
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking it after every event that arrives.</summary>
    public async Task WaitUntilAsync(Func<RecordedEvents, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await arrived.WaitAsync(left))
            {
                throw new TimeoutException(
                    $"Timed out after {timeout} waiting for {what}: {SourceIngested.Count} SourceIngested, {DataArrived.Count} DataArrived, {Deduplicated.Count} Deduplicated, " +
                    $"{Cleaned.Count} Cleaned, {Tokenized.Count} Tokenized, {Quarantined.Count} ShardQuarantined, {TokenizerTrained.Count} TokenizerTrained, " +
                    $"{TokenizerTrainingFailed.Count} TokenizerTrainingFailed, {TrainingProgress.Count} TrainingProgress, {CheckpointSaved.Count} CheckpointSaved, {EvalCompleted.Count} EvalCompleted, " +
                    $"{TrainingFailed.Count} TrainingFailed ({string.Join("; ", TrainingFailed.Select(f => f.Reason))}) so far.");
            }
        }
    }
}
