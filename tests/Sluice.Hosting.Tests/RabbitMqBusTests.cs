using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Sluice.Contracts;
using Sluice.Testing;

namespace Sluice.Hosting.Tests;

/// <summary>The bus defaults against a real RabbitMQ node started on loopback for this class.</summary>
public sealed class RabbitMqBusTests : IAsyncLifetime
{
    private RabbitMqNode? node;

    private RabbitMqNode Node => node ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => node = await RabbitMqNode.StartAsync();

    public async Task DisposeAsync()
    {
        if (node is not null)
        {
            await node.DisposeAsync();
        }
    }

    private Dictionary<string, string?> Settings(string retryLimit = "1") => new()
    {
        ["Bus:Transport"] = "RabbitMq",
        ["Bus:RabbitMq:Host"] = "127.0.0.1",
        ["Bus:RabbitMq:Port"] = Node.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Bus:RabbitMq:Username"] = Node.Username,
        ["Bus:RabbitMq:Password"] = Node.Password,
        ["Bus:RetryLimit"] = retryLimit,
        ["Bus:RetryIntervalMilliseconds"] = "10",
    };

    [Fact]
    public void Every_port_of_the_node_listens_on_loopback_only()
    {
        foreach (var (what, port) in new[] { ("AMQP", Node.AmqpPort), ("management", Node.ManagementPort), ("distribution", Node.DistributionPort), ("port mapper", Node.PortMapperPort) })
        {
            var addresses = ListeningSockets.On(port);
            Assert.True(addresses.Count > 0, $"nothing listens on the {what} port {port}");
            Assert.All(addresses, a => Assert.True(System.Net.IPAddress.IsLoopback(a), $"the {what} port {port} listens on {a}"));
        }
    }

    [Fact]
    public async Task Service_queues_are_durable_quorum_queues_and_messages_flow_through_them()
    {
        using var host = ServiceHost.Build(Settings(), x => x.AddConsumer<ProbeConsumer>());
        await host.StartAsync();
        await host.Services.GetRequiredService<IBus>().Publish(new ProbeMessage { Text = "over rabbitmq" });
        var log = host.Services.GetRequiredService<ProbeLog>();
        await log.FirstConsumed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await host.StopAsync();

        Assert.Equal(["over rabbitmq"], log.Consumed);
        var queue = Assert.Single(await Node.ListQueuesAsync(), q => q.GetProperty("name").GetString() == "probe");
        Assert.Equal("quorum", queue.GetProperty("type").GetString());
        Assert.True(queue.GetProperty("durable").GetBoolean());
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.True(health.Entries.Count > 1, "the bus reports its own health check besides the process's");
    }

    [Fact]
    public async Task A_message_that_keeps_failing_ends_in_the_error_queue_after_bounded_retries()
    {
        using var host = ServiceHost.Build(Settings(retryLimit: "2"), x => x.AddConsumer<AlwaysFailingProbeConsumer>());
        await host.StartAsync();
        await host.Services.GetRequiredService<IBus>().Publish(new ProbeMessage { Text = "poison" });
        var log = host.Services.GetRequiredService<ProbeLog>();

        // The broker's own count, asked over AMQP (the management API's statistics lag by seconds).
        var factory = new RabbitMQ.Client.ConnectionFactory { HostName = "127.0.0.1", Port = Node.AmqpPort, UserName = Node.Username, Password = Node.Password };
        await using var connection = await factory.CreateConnectionAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        uint inError = 0;
        while (inError == 0 && DateTime.UtcNow < deadline)
        {
            // A passive declare of a queue that does not exist yet closes its channel, so each look gets a new one.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                inError = (await channel.QueueDeclarePassiveAsync("always-failing-probe_error")).MessageCount;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                inError = 0;
            }

            if (inError == 0)
            {
                await Task.Delay(100);
            }
        }

        await host.StopAsync();
        Assert.Equal(1u, inError);
        Assert.Equal(3, log.FailedAttempts.Count);
    }
    // The first start of a stack: ingest can publish before dedupe has ever connected, when no queue is bound for
    // DataArrived yet. RabbitMQ would confirm such a message and drop it; a shard event comes back instead, as a fault
    // worth retrying, and goes through once the next stage is there. Events nobody needs to take still publish.
    [Fact]
    public async Task A_shard_event_no_queue_takes_comes_back_as_a_transient_fault_and_goes_through_once_the_next_stage_is_bound()
    {
        using var upstream = ServiceHost.Build(Settings(), _ => { });
        await upstream.StartAsync();
        var publisher = new BusStagePublisher(upstream.Services.GetRequiredService<IBus>());
        var source = new SourceObjectRef { Key = "books/a.txt", Sha256 = new string('a', 64), ByteCount = 10 };
        var arrived = new DataArrived
        {
            Source = source,
            Shard = new StoredObjectRef { Key = "docs/raw/a-00000.parquet", Sha256 = new string('b', 64), ByteCount = 100, RecordCount = 1 },
            ShardIndex = 0,
            ShardCount = 1,
            TextByteCount = 10,
            StageConfigHash = new string('c', 64),
            OccurredAt = DateTimeOffset.UnixEpoch,
        };

        var returned = await Assert.ThrowsAnyAsync<Exception>(() => publisher.PublishAsync(arrived, CancellationToken.None));
        Assert.True(TransientFaults.IsTransient(returned), $"{returned.GetType().FullName}: {returned.Message} is not taken as transient");
        await publisher.PublishAsync(new SourceIngested { Source = source, StageConfigHash = new string('c', 64), OccurredAt = DateTimeOffset.UnixEpoch }, CancellationToken.None);

        using var downstream = ServiceHost.Build(Settings(), x => x.AddConsumer<DataArrivedProbeConsumer>());
        await downstream.StartAsync();
        await publisher.PublishAsync(arrived, CancellationToken.None);
        var log = downstream.Services.GetRequiredService<ProbeLog>();
        await log.FirstConsumed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await downstream.StopAsync();
        await upstream.StopAsync();
        Assert.Equal(["docs/raw/a-00000.parquet"], log.Consumed);
    }
}
