using MassTransit;
using Sluice.Contracts;
using Sluice.Hosting;

namespace Sluice.Ingest.Worker;

/// <summary>The <c>ingest</c> endpoint: a dropped object to ingest, or a request to ingest one again.</summary>
internal sealed class IngestConsumer(IngestProcessor processor) : IConsumer<ObjectDropped>, IConsumer<ReprocessSource>
{
    public Task Consume(ConsumeContext<ObjectDropped> context) =>
        processor.IngestAsync(context.Message.Key, reprocess: false, new BusStagePublisher(context), context.CancellationToken);

    public Task Consume(ConsumeContext<ReprocessSource> context) =>
        processor.IngestAsync(context.Message.SourceKey, reprocess: true, new BusStagePublisher(context), context.CancellationToken);
}
