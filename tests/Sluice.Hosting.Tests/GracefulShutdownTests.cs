using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sluice.Hosting.Tests;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stopping_the_host_lets_a_message_in_flight_finish()
    {
        using var host = ServiceHost.Build(new Dictionary<string, string?> { ["Bus:StopTimeoutSeconds"] = "30" }, x => x.AddConsumer<SlowProbeConsumer>());
        await host.StartAsync();
        var log = host.Services.GetRequiredService<ProbeLog>();
        await host.Services.GetRequiredService<IBus>().Publish(new ProbeMessage { Text = "in flight at shutdown" });
        await log.FirstConsumed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await host.StopAsync();

        Assert.Equal(["in flight at shutdown"], log.Consumed);
    }
}
