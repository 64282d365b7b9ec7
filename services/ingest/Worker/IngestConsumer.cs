using MassTransit;
using Sluice.Contracts;

namespace Sluice.Ingest.Worker;

/// <summary>The <c>ingest</c> endpoint: a dropped object to ingest, or a request to ingest one again.</summary>
internal sealed class IngestConsumer(IngestProcessor processor) : IConsumer<ObjectDropped>, IConsumer<ReprocessSource>
{
    public async Task Consume(ConsumeContext<ObjectDropped> context)
    {
        MessageSchema.EnsureSupported(context.Message.SchemaVersion, nameof(ObjectDropped));
        await processor.IngestAsync(context.Message.Key, reprocess: false, context, context.CancellationToken).ConfigureAwait(false);
    }

    public async Task Consume(ConsumeContext<ReprocessSource> context)
    {
        MessageSchema.EnsureSupported(context.Message.SchemaVersion, nameof(ReprocessSource));
        await processor.IngestAsync(context.Message.SourceKey, reprocess: true, context, context.CancellationToken).ConfigureAwait(false);
    }
}
