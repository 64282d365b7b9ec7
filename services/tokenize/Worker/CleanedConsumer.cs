using MassTransit;
using Sluice.Contracts;

namespace Sluice.Tokenize.Worker;

/// <summary>The <c>tokenize</c> endpoint: a cleaned shard to tokenize.</summary>
internal sealed class CleanedConsumer(TokenizeProcessor processor) : IConsumer<Cleaned>
{
    public async Task Consume(ConsumeContext<Cleaned> context)
    {
        MessageSchema.EnsureSupported(context.Message.SchemaVersion, nameof(Cleaned));
        await processor.TokenizeAsync(context.Message, context, context.CancellationToken).ConfigureAwait(false);
    }
}
