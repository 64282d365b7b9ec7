using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Sluice.Testing;

namespace Sluice.Storage.Tests;

/// <summary>The contract against a real s3rver on loopback, one server and a fresh bucket per test.</summary>
public sealed class S3ObjectStoreTests : ObjectStoreContract, IAsyncLifetime
{
    private const string Bucket = "lake";
    private S3rverProcess? server;
    private IObjectStore? store;

    protected override IObjectStore Store => store ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        server = await S3rverProcess.StartAsync(Bucket);
        store = ObjectStore.OpenS3(Options(server));
    }

    public async Task DisposeAsync()
    {
        (store as IDisposable)?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    protected override async Task CorruptAsync(string key, byte[] replacement)
    {
        // Another client rewrites the bytes but copies the old recorded hash, as a buggy or hostile writer could.
        var info = await Store.GetInfoAsync(key);
        using var raw = RawClient();
        var request = new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(replacement), UseChunkEncoding = false };
        request.Metadata.Add("sha256", info!.Sha256);
        await raw.PutObjectAsync(request);
    }

    [Fact]
    public async Task Objects_whose_names_are_not_valid_keys_are_listed_as_unaddressable()
    {
        using var raw = RawClient();
        foreach (var name in new[] { "drop/.hidden.txt", "drop/back\\slash.txt", "drop/fine.txt" })
        {
            await raw.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = name, ContentBody = "twelve bytes", UseChunkEncoding = false });
        }

        var listed = new List<string>();
        await foreach (var item in Store.ListAsync("drop/"))
        {
            listed.Add(item.Key);
        }

        var unaddressable = new List<UnaddressableObject>();
        await foreach (var item in Store.ListUnaddressableAsync("drop/"))
        {
            unaddressable.Add(item);
        }

        Assert.Equal(["drop/fine.txt"], listed);
        Assert.Equal(["drop/.hidden.txt", "drop/back\\slash.txt"], unaddressable.Select(u => u.Name).Order(StringComparer.Ordinal));
        Assert.All(unaddressable, u => Assert.Equal(12, u.ByteCount));
        Assert.Contains(unaddressable, u => u.Problem.Contains('\\', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Objects_written_by_other_clients_are_read_without_a_recorded_hash()
    {
        using var raw = RawClient();
        await raw.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "drop/by-hand.txt", ContentBody = "uploaded elsewhere", UseChunkEncoding = false });

        var info = await Store.GetInfoAsync("drop/by-hand.txt");
        Assert.NotNull(info);
        Assert.Null(info.Sha256);
        await using var stream = await Store.OpenReadAsync("drop/by-hand.txt");
        Assert.Equal("uploaded elsewhere", await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync());
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_with_every_problem_named()
    {
        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => ObjectStore.OpenS3(new S3StoreOptions
        {
            ServiceUrl = "not a url",
            Bucket = "Bad_Bucket",
            PartSize = 1024,
        }));

        Assert.Contains("ServiceUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bucket", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccessKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("PartSize", error.Message, StringComparison.Ordinal);
    }

    private static S3StoreOptions Options(S3rverProcess s3) => new()
    {
        ServiceUrl = s3.ServiceUrl,
        Bucket = Bucket,
        AccessKey = S3rverProcess.AccessKey,
        SecretKey = S3rverProcess.SecretKey,
        PartSize = S3StoreOptions.MinimumPartSize,
        MultipartThreshold = S3StoreOptions.MinimumPartSize,
    };

    private AmazonS3Client RawClient() => new(
        new BasicAWSCredentials(S3rverProcess.AccessKey, S3rverProcess.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = server!.ServiceUrl,
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
}
