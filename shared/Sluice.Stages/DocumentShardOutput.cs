using Sluice.Contracts;
using Sluice.Documents;

namespace Sluice.Stages;

/// <summary>
/// The output of a document stage: one document shard per input, <see cref="LakeKeys.Documents"/> in the stage's layer,
/// written even when every document was removed (so each input names an output and readers need no special case).
/// </summary>
public sealed class DocumentShardOutput : IStageOutput<Document, StoredObjectRef>
{
    private static readonly DocumentShardOptions OneShard = new() { TargetShardBytes = long.MaxValue / 4, WriteEmptyShard = true };
    private readonly ShardOutputContext context;
    private readonly DocumentShardWriter writer;

    private DocumentShardOutput(ShardOutputContext context, string layer)
    {
        this.context = context;
        writer = new DocumentShardWriter(context.Sink, context.Lineage, part => LakeKeys.Documents(layer, context.Input.Sha256, context.ConfigHash, part), OneShard);
    }

    /// <summary>Opens the output into <paramref name="layer"/> (<see cref="LakeKeys.DedupLayer"/>, <see cref="LakeKeys.CleanLayer"/>), for the runner.</summary>
    public static Func<ShardOutputContext, IStageOutput<Document, StoredObjectRef>> In(string layer) => context => new DocumentShardOutput(context, layer);

    /// <inheritdoc />
    public ValueTask WriteAsync(Document output, CancellationToken cancellationToken) => writer.WriteAsync(output, cancellationToken);

    /// <inheritdoc />
    public async Task<StoredObjectRef> CompleteAsync(CancellationToken cancellationToken)
    {
        var shards = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        if (shards.Count != 1)
        {
            throw new InvalidOperationException($"{context.Stage} wrote {shards.Count} shards for {context.Input.Key}; one was expected.");
        }

        return await context.VerifyAsync(shards[0], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => writer.DisposeAsync();
}
