using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Contracts;

namespace Sluice.Hosting.Tests;

/// <summary>
/// Logs reach Seq through Serilog's Seq sink with their structured properties. Seq cannot run here (it needs a container
/// engine), so the sink talks to <see cref="SeqEndpoint"/>, a loopback server speaking Seq's ingestion API.
/// </summary>
public sealed class SeqLoggingTests
{
    [Fact]
    public async Task A_consumers_log_line_arrives_in_Seq_with_the_shard_source_stage_and_count_as_properties()
    {
        using var seq = new SeqEndpoint();
        using var host = ServiceHost.Build(
            new Dictionary<string, string?> { ["Telemetry:SeqUrl"] = seq.Url, ["Telemetry:SeqApiKey"] = "probe-key", ["Telemetry:ServiceName"] = "probe-service" },
            x => x.AddConsumer<ShardProbeConsumer>());
        await host.StartAsync();
        await host.Services.GetRequiredService<IBus>().Publish(new DataArrived
        {
            Source = new SourceObjectRef { Key = "news/today.jsonl", Sha256 = new string('a', 64), ByteCount = 10 },
            Shard = new StoredObjectRef { Key = "docs/raw/probe-00000.parquet", Sha256 = new string('b', 64), ByteCount = 20, RecordCount = 7 },
            ShardIndex = 0,
            ShardCount = 1,
            TextByteCount = 5,
            StageConfigHash = new string('c', 64),
            OccurredAt = DateTimeOffset.UtcNow,
        });

        var (logged, apiKey, path) = await seq.WaitForAsync(e => e.TryGetProperty("@mt", out var template) && template.GetString() == "{Stage} read {DocCount} docs", TimeSpan.FromSeconds(60));
        await host.StopAsync();

        Assert.Equal("probe-key", apiKey);
        Assert.Equal("/api/events/raw", path);
        Assert.Equal("probe", logged.GetProperty("Stage").GetString());
        Assert.Equal(7, logged.GetProperty("DocCount").GetInt64());
        Assert.Equal("docs/raw/probe-00000.parquet", logged.GetProperty("ShardKey").GetString());
        Assert.Equal("news/today.jsonl", logged.GetProperty("SourceKey").GetString());
        Assert.Equal(nameof(DataArrived), logged.GetProperty("MessageType").GetString());
        Assert.Equal("probe-service", logged.GetProperty("Service").GetString());
        Assert.True(DateTimeOffset.TryParse(logged.GetProperty("@t").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.False(logged.TryGetProperty("@l", out _), "CLEF leaves the level out for Information");
    }
}
