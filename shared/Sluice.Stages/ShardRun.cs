using Sluice.Contracts;

namespace Sluice.Stages;

/// <summary>What one run of a stage over one input wrote, verified in the lake; the stage's event is built from it.</summary>
/// <typeparam name="TResult">The outputs' description (a <see cref="StoredObjectRef"/> for a document shard).</typeparam>
/// <param name="Source">The dropped object the input descends from.</param>
/// <param name="Input">The input shard.</param>
/// <param name="Output">The outputs, written and verified.</param>
/// <param name="Kept">Documents kept.</param>
/// <param name="RemovedByReason">Documents removed, by reason (empty reasons left out).</param>
/// <param name="RejectedShards">The rejected-record shards, by reason, written and verified.</param>
/// <param name="Statistics">The stage's own counters.</param>
/// <param name="ConfigHash">The stage's configuration hash.</param>
/// <param name="CompletedAt">When the outputs were verified.</param>
/// <param name="KeptTextBytes">UTF-8 bytes of the kept documents' text (zero when the outputs are not documents).</param>
public sealed record ShardRun<TResult>(
    SourceObjectRef Source,
    StoredObjectRef Input,
    TResult Output,
    long Kept,
    IReadOnlyDictionary<string, long> RemovedByReason,
    IReadOnlyList<StoredObjectRef> RejectedShards,
    StageStatistics Statistics,
    string ConfigHash,
    DateTimeOffset CompletedAt,
    long KeptTextBytes = 0);
