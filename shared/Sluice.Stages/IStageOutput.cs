namespace Sluice.Stages;

/// <summary>
/// Writes a stage's kept outputs for one input into the lake: <see cref="DocumentShardOutput"/> for document stages,
/// a stage's own kind for other outputs (token shards). Opened by the runner with the input's
/// <see cref="ShardOutputContext"/>, so its keys derive from the input and configuration hashes.
/// </summary>
/// <typeparam name="TOutput">What the stage keeps.</typeparam>
/// <typeparam name="TResult">What the event names once everything is written and verified.</typeparam>
public interface IStageOutput<in TOutput, TResult> : IAsyncDisposable
{
    /// <summary>Writes one kept output.</summary>
    ValueTask WriteAsync(TOutput output, CancellationToken cancellationToken);

    /// <summary>Finishes every object, puts it into the lake, checks the lake holds exactly those bytes, and describes them.</summary>
    Task<TResult> CompleteAsync(CancellationToken cancellationToken);
}
