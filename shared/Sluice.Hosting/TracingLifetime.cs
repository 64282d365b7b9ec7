using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Sluice.Hosting;

/// <summary>Creates the tracer provider when the host starts and flushes it when the host stops.</summary>
internal sealed class TracingLifetime(TracerProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        provider.ForceFlush(5000);
        return Task.CompletedTask;
    }
}
