using Sluice.Documents;

namespace Sluice.Stages;

/// <summary>
/// A pipeline stage's logic over one input shard, free of the bus and the object store. The stage owns its loop: it
/// reads the input's documents, hands every one to the sink exactly once (kept as a <typeparamref name="TOutput"/>, or
/// rejected with a <see cref="Rejection"/>), and returns its own statistics. <see cref="ShardRunner"/> does everything
/// else, the same way for every stage: it spools and verifies the input, writes and verifies the outputs and the
/// rejected documents, calls <see cref="CommitAsync"/>, builds the event and publishes it.
/// </summary>
/// <typeparam name="TOutput">What a kept document becomes (a <see cref="Document"/>, or for tokenize its tokens).</typeparam>
public interface IShardStage<TOutput>
{
    /// <summary>The stage's name: a kebab-case key segment (<c>dedupe</c>, <c>safety-filter</c>, …) used in keys, footers and logs.</summary>
    string Name { get; }

    /// <summary>SHA-256 (lower-case hex) of everything the output bytes depend on; with the input's hash it decides the output keys.</summary>
    string ConfigHash { get; }

    /// <summary>
    /// Processes the documents of the input shard <paramref name="inputKey"/> in order. Every document must reach the sink
    /// once, as kept or rejected; the runner checks the counts and refuses a run that lost one. Sink calls must not overlap.
    /// </summary>
    Task<StageStatistics> RunAsync(string inputKey, IEnumerable<Document> documents, IStageSink<TOutput> sink, CancellationToken cancellationToken);

    /// <summary>
    /// Called after every output is written and verified and before the event is published: makes the stage's own state
    /// (an index, a ledger) durable, so nobody downstream hears of a shard whose decisions could still be lost.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
