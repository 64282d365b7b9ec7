namespace Sluice.Contracts;

/// <summary>
/// A stage refused an input shard it cannot ever process (its bytes differ from the claim check, it is not a readable
/// shard, or it is gone from the lake) and recorded why under <see cref="LakeKeys.QuarantineRecord"/>. The message that
/// named the shard is not retried: the error cannot heal by trying again.
/// </summary>
public sealed record ShardQuarantined
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The stage that refused the shard (<c>dedupe</c>, <c>safety-filter</c>, …).</summary>
    public required string Stage { get; init; }

    /// <summary>The dropped object the shard descends from (lineage root).</summary>
    public required SourceObjectRef Source { get; init; }

    /// <summary>The input as the refused message named it.</summary>
    public required StoredObjectRef Input { get; init; }

    /// <summary>A short kebab-case reason (<c>integrity</c>, <c>unreadable-shard</c>, <c>missing-input</c>).</summary>
    public required string Reason { get; init; }

    /// <summary>A sentence for a person: what exactly was found.</summary>
    public required string Detail { get; init; }

    /// <summary>The quarantine record in the lake: this event's content as JSON.</summary>
    public required string RecordKey { get; init; }

    /// <summary>When the shard was refused.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}
