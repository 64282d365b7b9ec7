using MassTransit;
using Sluice.Contracts;

namespace Sluice.SafetyFilter.Worker;

/// <summary>The <c>safety-filter</c> endpoint: a deduplicated shard to filter.</summary>
internal sealed class DeduplicatedConsumer(SafetyFilterProcessor processor) : IConsumer<Deduplicated>
{
    public async Task Consume(ConsumeContext<Deduplicated> context)
    {
        MessageSchema.EnsureSupported(context.Message.SchemaVersion, nameof(Deduplicated));
        await processor.CleanAsync(context.Message, context, context.CancellationToken).ConfigureAwait(false);
    }
}
