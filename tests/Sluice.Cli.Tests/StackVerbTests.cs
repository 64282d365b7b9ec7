using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sluice.Storage;
using Sluice.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// <c>sluice status</c>, <c>rejected</c> and <c>lineage</c> against a running stack's servers: the embedded run's lake
/// copied into a real S3 server's bucket, and a real RabbitMQ whose management API reports the stages' queues, read
/// through the env file the local stack writes.
/// </summary>
[Collection(RunLakeCollection.Name)]
public sealed class StackVerbTests(RunLake run) : IAsyncLifetime
{
    private readonly string scratch = RepoLayout.NewTempFolder("stack-verbs");
    private RabbitMqNode? rabbit;
    private S3rverProcess? s3;
    private string envFile = string.Empty;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var starting = RabbitMqNode.StartAsync();
        s3 = await S3rverProcess.StartAsync("drop", "lake");
        rabbit = await starting;
        using (var lake = (IDisposable)ObjectStore.OpenS3(new S3StoreOptions { ServiceUrl = s3.ServiceUrl, Bucket = "lake", AccessKey = S3rverProcess.AccessKey, SecretKey = S3rverProcess.SecretKey }))
        {
            // The folder store keeps its own bookkeeping under dot-folders; the objects are the rest.
            foreach (var file in Directory.GetFiles(run.Lake, "*", SearchOption.AllDirectories).Where(f => !Path.GetRelativePath(run.Lake, f).StartsWith('.')))
            {
                await using var content = File.OpenRead(file);
                await ((IObjectStore)lake).PutAsync(Path.GetRelativePath(run.Lake, file).Replace(Path.DirectorySeparatorChar, '/'), content);
            }
        }

        envFile = Path.Combine(scratch, "service.env");
        await File.WriteAllLinesAsync(envFile,
        [
            "Bus__Transport=RabbitMq",
            "Bus__RabbitMq__Host=127.0.0.1",
            $"Bus__RabbitMq__Port={rabbit.AmqpPort}",
            $"Bus__RabbitMq__Username={rabbit.Username}",
            $"Bus__RabbitMq__Password={rabbit.Password}",
            $"Bus__RabbitMq__ManagementPort={rabbit.ManagementPort}",
            "Storage__Kind=S3",
            $"Storage__S3__ServiceUrl={s3.ServiceUrl}",
            $"Storage__S3__AccessKey={S3rverProcess.AccessKey}",
            $"Storage__S3__SecretKey={S3rverProcess.SecretKey}",
            "Storage__DropBucket=drop",
            "Storage__LakeBucket=lake",
        ]);
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

        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public async Task Status_reads_the_stack_s_queues_and_bucket_rejected_and_lineage_read_the_bucket()
    {
        // Two messages failed for good in dedupe's _error queue, one waits in tokenize's queue.
        await PublishAsync("dedupe_error", 2);
        await PublishAsync("tokenize", 1);

        // The broker refreshes its queue statistics every second (the test node's collect_statistics_interval).
        var (code, status, error) = await RunLake.SluiceAsync("status", "--env-file", envFile);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !status.Contains("1 (0 consumer(s))", StringComparison.Ordinal) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(500);
            (code, status, error) = await RunLake.SluiceAsync("status", "--env-file", envFile);
        }

        Assert.True(code == 0, error);
        var rows = status.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Contains("s3://lake", rows[0], StringComparison.Ordinal);
        Assert.Matches(@"^dedupe\s+\d+ shard\(s\)\s+1\s+0\s+0 \(0 consumer\(s\)\)\s+2$", rows.Single(r => r.StartsWith("dedupe", StringComparison.Ordinal)));
        Assert.Matches(@"^tokenize\s+\d+ token shard\(s\)\s+0\s+0\s+1 \(0 consumer\(s\)\)\s+0$", rows.Single(r => r.StartsWith("tokenize ", StringComparison.Ordinal)));
        Assert.Contains(rows, r => r.StartsWith("model demo: dataset version 1, run-000001: step ", StringComparison.Ordinal) && r.Contains("(100%), finished", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("  last evaluation: evals/demo/run-000001/", StringComparison.Ordinal) && r.Contains("bits_per_byte", StringComparison.Ordinal));
        Assert.DoesNotContain("no broker", status, StringComparison.Ordinal);

        // The same records as from the folder the run wrote.
        var (_, fromFolder, _) = await RunLake.SluiceAsync("rejected", "--lake", run.Lake, "--limit", "0", "--json");
        (code, var fromBucket, error) = await RunLake.SluiceAsync("rejected", "--env-file", envFile, "--limit", "0", "--json");
        Assert.True(code == 0, error);
        Assert.Equal(fromFolder, fromBucket);

        var text = run.Kept.First(run.Texts.Contains);
        (code, var lineage, error) = await RunLake.SluiceAsync("lineage", text, "--env-file", envFile);
        Assert.True(code == 0, error);
        Assert.Contains("checkpoint checkpoints/demo/run-000001/", lineage, StringComparison.Ordinal);
        Assert.Equal((await RunLake.SluiceAsync("lineage", text, "--lake", run.Lake)).Output, lineage);

        // A broker that cannot be reached is said, and the lake's part is still shown.
        await File.AppendAllLinesAsync(envFile, ["Bus__RabbitMq__ManagementPort=1"]);
        (code, status, _) = await RunLake.SluiceAsync("status", "--env-file", envFile);
        Assert.Equal(0, code);
        Assert.Contains("the broker's queues could not be read", status, StringComparison.Ordinal);
        Assert.Contains("model demo:", status, StringComparison.Ordinal);
    }

    private async Task PublishAsync(string queue, int count)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rabbit!.ManagementPort}/api/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rabbit.Username}:{rabbit.Password}")));
        (await http.PutAsJsonAsync($"queues/%2F/{queue}", new { durable = true })).EnsureSuccessStatusCode();
        for (var i = 0; i < count; i++)
        {
            var published = await http.PostAsJsonAsync("exchanges/%2F/amq.default/publish", new { properties = new { }, routing_key = queue, payload = $"message {i}", payload_encoding = "string" });
            published.EnsureSuccessStatusCode();
            using var answer = JsonDocument.Parse(await published.Content.ReadAsStringAsync());
            Assert.True(answer.RootElement.GetProperty("routed").GetBoolean());
        }
    }
}
