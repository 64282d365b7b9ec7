using MassTransit;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;

namespace Sluice.Hosting;

/// <summary>
/// The one filter every consumer runs behind: refuses a message of a schema this build cannot read (not retried:
/// it cannot heal), and opens the log scope (message type, shard and source keys) every log line of the consumer
/// carries. Traces are MassTransit's own consume activities.
/// </summary>
internal sealed class StageConsumeFilter<T>(ILogger<StageConsumeFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (MessageScope.SchemaVersion(context.Message) is { } version)
        {
            MessageSchema.EnsureSupported(version, typeof(T).Name);
        }

        using (logger.BeginScope(MessageScope.Describe(context.Message)))
        {
            await next.Send(context).ConfigureAwait(false);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("sluice-stage");
}
