using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sluice.Hosting.Tests;

public sealed class InMemoryBusTests
{
    [Fact]
    public async Task A_failing_message_is_retried_the_configured_number_of_times_then_faulted()
    {
        using var host = ServiceHost.Build(
            new Dictionary<string, string?> { ["Bus:RetryLimit"] = "2", ["Bus:RetryIntervalMilliseconds"] = "10" },
            x => x.AddConsumer<AlwaysFailingProbeConsumer>());
        var faulted = new TaskCompletionSource<Fault<ProbeMessage>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        bus.ConnectReceiveEndpoint("probe-faults", e => e.Handler<Fault<ProbeMessage>>(c =>
        {
            faulted.TrySetResult(c.Message);
            return Task.CompletedTask;
        }));

        await bus.Publish(new ProbeMessage { Text = "doomed" });
        var fault = await faulted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.Equal("doomed", fault.Message.Text);
        Assert.Equal(3, host.Services.GetRequiredService<ProbeLog>().FailedAttempts.Count);
    }

    [Fact]
    public async Task A_failure_that_cannot_heal_is_faulted_on_the_first_attempt()
    {
        using var host = ServiceHost.Build(
            new Dictionary<string, string?> { ["Bus:RetryLimit"] = "5", ["Bus:RetryIntervalMilliseconds"] = "10" },
            x => x.AddConsumer<InvalidProbeConsumer>());
        var fault = await PublishAndAwaitFaultAsync(host, new ProbeMessage { Text = "invalid" });

        Assert.Contains(fault.Exceptions, e => e.ExceptionType == typeof(InvalidDataException).FullName);
        Assert.Equal(["invalid"], host.Services.GetRequiredService<ProbeLog>().FailedAttempts);
    }

    [Fact]
    public async Task A_message_of_a_newer_schema_is_refused_before_the_consumer_sees_it_and_goes_to_the_error_queue()
    {
        using var host = ServiceHost.Build(
            new Dictionary<string, string?> { ["Bus:RetryLimit"] = "5", ["Bus:RetryIntervalMilliseconds"] = "10" },
            x => x.AddConsumer<ProbeConsumer>());
        var refused = new TaskCompletionSource<ProbeMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        bus.ConnectReceiveEndpoint("probe_error", e => e.Handler<ProbeMessage>(c =>
        {
            refused.TrySetResult(c.Message);
            return Task.CompletedTask;
        }));

        await bus.Publish(new ProbeMessage { Text = "from the future", SchemaVersion = Sluice.Contracts.MessageSchema.Current + 1 });
        var message = await refused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.Equal("from the future", message.Text);
        Assert.Empty(host.Services.GetRequiredService<ProbeLog>().Consumed);
    }

    [Fact]
    public async Task Endpoints_are_named_in_kebab_case_from_the_consumer_type()
    {
        using var host = ServiceHost.Build(new Dictionary<string, string?>(), x => x.AddConsumer<ProbeConsumer>());
        await host.StartAsync();
        var send = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("queue:probe"));
        await send.Send(new ProbeMessage { Text = "sent to the derived queue name" });
        var log = host.Services.GetRequiredService<ProbeLog>();
        await log.FirstConsumed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.Equal(["sent to the derived queue name"], log.Consumed);
    }

    private static async Task<Fault<ProbeMessage>> PublishAndAwaitFaultAsync(IHost host, ProbeMessage message)
    {
        var faulted = new TaskCompletionSource<Fault<ProbeMessage>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        bus.ConnectReceiveEndpoint("probe-faults", e => e.Handler<Fault<ProbeMessage>>(c =>
        {
            faulted.TrySetResult(c.Message);
            return Task.CompletedTask;
        }));
        await bus.Publish(message);
        var fault = await faulted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();
        return fault;
    }
}
