using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Sluice.Hosting.Tests;

public sealed class ConfigurationValidationTests
{
    private static async Task<IReadOnlyList<string>> StartWith(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        using var host = builder.Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        var problems = ConfigurationProblems.Of(error);
        Assert.NotEmpty(problems);
        return problems;
    }

    [Fact]
    public async Task A_service_refuses_to_start_and_names_every_bad_key()
    {
        var problems = await StartWith(new()
        {
            ["Bus:Transport"] = "RabbitMq",
            ["Bus:ConcurrentMessageLimit"] = "8",
            ["Bus:PrefetchCount"] = "2",
            ["Storage:Kind"] = "S3",
            ["Storage:S3:ServiceUrl"] = "minio:9000",
            ["Telemetry:OtlpEndpoint"] = "seq",
        });

        Assert.Contains(problems, p => p.Contains("Bus:RabbitMq:Username", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Bus:PrefetchCount", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ServiceUrl", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("AccessKey", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Telemetry:OtlpEndpoint", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_lake_and_drop_buckets_must_differ()
    {
        var problems = await StartWith(new()
        {
            ["Storage:Kind"] = "S3",
            ["Storage:S3:ServiceUrl"] = "http://127.0.0.1:9000",
            ["Storage:S3:AccessKey"] = "key",
            ["Storage:S3:SecretKey"] = "secret",
            ["Storage:LakeBucket"] = "data",
            ["Storage:DropBucket"] = "data",
        });

        var problem = Assert.Single(problems);
        Assert.Contains("Storage:DropBucket", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_transport_name_is_refused()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Bus:Transport"] = "Kafka" });

        var error = Assert.ThrowsAny<InvalidOperationException>(() => builder.AddServiceDefaults());
        Assert.Contains("Kafka", error.Message, StringComparison.Ordinal);
    }
}
