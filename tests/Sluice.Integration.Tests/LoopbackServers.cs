using System.Globalization;
using Sluice.Storage;
using Sluice.Testing;

namespace Sluice.Integration.Tests;

/// <summary>A real RabbitMQ node and a real s3rver (buckets <c>drop</c> and <c>lake</c>) on loopback, shared by one test class.</summary>
public sealed class LoopbackServers : IAsyncLifetime
{
    private readonly TimeSpan? consumerTimeout;
    private RabbitMqNode? rabbit;
    private S3rverProcess? s3;

    /// <summary>Servers with the broker's default delivery acknowledgement timeout.</summary>
    public LoopbackServers()
        : this(null)
    {
    }

    /// <summary>Servers whose broker takes a delivery back from a consumer that holds it longer than <paramref name="consumerTimeout"/>.</summary>
    internal LoopbackServers(TimeSpan? consumerTimeout) => this.consumerTimeout = consumerTimeout;

    /// <summary>The broker.</summary>
    public RabbitMqNode Rabbit => rabbit ?? throw new InvalidOperationException("not started");

    /// <summary>The S3 server.</summary>
    public S3rverProcess S3 => s3 ?? throw new InvalidOperationException("not started");

    /// <summary>The configuration keys every service reads, pointing at these servers (what the local stack sets as environment variables).</summary>
    public Dictionary<string, string?> ServiceSettings() => new()
    {
        ["Bus:Transport"] = "RabbitMq",
        ["Bus:RabbitMq:Host"] = "127.0.0.1",
        ["Bus:RabbitMq:Port"] = Rabbit.AmqpPort.ToString(CultureInfo.InvariantCulture),
        ["Bus:RabbitMq:Username"] = Rabbit.Username,
        ["Bus:RabbitMq:Password"] = Rabbit.Password,
        ["Bus:RetryIntervalMilliseconds"] = "50",
        ["Storage:Kind"] = "S3",
        ["Storage:S3:ServiceUrl"] = S3.ServiceUrl,
        ["Storage:S3:AccessKey"] = S3rverProcess.AccessKey,
        ["Storage:S3:SecretKey"] = S3rverProcess.SecretKey,
        ["Storage:LakeBucket"] = "lake",
        ["Storage:DropBucket"] = "drop",
        ["Urls"] = "http://127.0.0.1:0",
    };

    /// <summary>A plain S3 client on the server, for writing what Sluice's own store refuses to write.</summary>
    public Amazon.S3.AmazonS3Client RawS3Client() => new(
        new Amazon.Runtime.BasicAWSCredentials(S3rverProcess.AccessKey, S3rverProcess.SecretKey),
        new Amazon.S3.AmazonS3Config
        {
            ServiceURL = S3.ServiceUrl,
            ForcePathStyle = true,
            RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
        });

    /// <summary>A store over one of the two buckets, as the test's own client.</summary>
    public IObjectStore Bucket(string name) => ObjectStore.OpenS3(new S3StoreOptions
    {
        ServiceUrl = S3.ServiceUrl,
        Bucket = name,
        AccessKey = S3rverProcess.AccessKey,
        SecretKey = S3rverProcess.SecretKey,
    });

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var starting = RabbitMqNode.StartAsync(consumerTimeout);
        s3 = await S3rverProcess.StartAsync("drop", "lake");
        rabbit = await starting;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (s3 is not null)
        {
            await s3.DisposeAsync();
        }

        if (rabbit is not null)
        {
            await rabbit.DisposeAsync();
        }
    }
}
