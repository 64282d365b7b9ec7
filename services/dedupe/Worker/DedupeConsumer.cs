using MassTransit;
using Sluice.Contracts;

namespace Sluice.Dedupe.Worker;

/// <summary>The <c>dedupe</c> endpoint: a document shard ingest has written and verified.</summary>
internal sealed class DedupeConsumer(DedupeProcessor processor) : IConsumer<DataArrived>
{
    public async Task Consume(ConsumeContext<DataArrived> context)
    {
        MessageSchema.EnsureSupported(context.Message.SchemaVersion, nameof(DataArrived));
        await processor.DedupeAsync(context.Message, context, context.CancellationToken).ConfigureAwait(false);
    }
}
