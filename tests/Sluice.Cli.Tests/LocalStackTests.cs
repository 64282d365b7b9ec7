using System.Text.RegularExpressions;
using Sluice.Storage;
using Sluice.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// The operator's verbs against the local stack as <c>scripts/local-stack/start.sh</c> runs it: RabbitMQ, s3rver,
/// PostgreSQL and every service as its own process, on ports and in a folder of the test's own. Files go in with
/// <c>sluice drop</c>; <c>status</c>, <c>rejected</c>, <c>lineage</c> and <c>reprocess</c> read and steer the stack
/// through the env file the script writes.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class LocalStackTests : IAsyncLifetime
{
    private readonly string drop = RepoLayout.NewTempFolder("local-stack-drop");
    private LocalStack? stack;

    private LocalStack Stack => stack ?? throw new InvalidOperationException("not started");

    private string EnvFile => Stack.EnvFile;

    private string State => Stack.State;

    /// <inheritdoc />
    public async Task InitializeAsync() =>
        // The model half waits to be asked: this test is about the data stages and the verbs.
        stack = await LocalStack.StartAsync(new Dictionary<string, string> { ["Trainer__StartOnRequestOnly"] = "true" });

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Directory.Delete(drop, recursive: true);
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dropped_files_are_watched_with_status_traced_with_lineage_listed_with_rejected_and_re_run_with_reprocess()
    {
        var texts = BrownCorpus.Documents().Skip(60).Take(3).ToList();
        Directory.CreateDirectory(Path.Combine(drop, "news"));
        foreach (var (name, text) in texts)
        {
            await File.WriteAllTextAsync(Path.Combine(drop, "news", name + ".txt"), text);
        }

        await File.WriteAllTextAsync(Path.Combine(drop, "news", "broken.jsonl"), "{\"text\": \"fine\"}\n{ not json\n");
        var (code, output, error) = await RunLake.SluiceAsync("drop", Path.Combine(drop, "news"), "--env-file", EnvFile);
        Assert.True(code == 0, output + error);
        Assert.Contains("dropped 4 file(s)", output, StringComparison.Ordinal);

        // Each text is followed through the stages to its token shards with lineage, as an operator would; the model
        // line has not trained yet, so no dataset includes them.
        var source = $"news/{texts[0].Name}.txt";
        foreach (var (name, _) in texts)
        {
            await UntilAsync(() => RunLake.SluiceAsync("lineage", $"news/{name}.txt", "--env-file", EnvFile), o => o.Contains("(in no dataset yet)", StringComparison.Ordinal));
        }

        await UntilAsync(() => RunLake.SluiceAsync("status", "--env-file", EnvFile), o => TokenShards().IsMatch(o));
        var lineage = (await RunLake.SluiceAsync("lineage", source, "--env-file", EnvFile)).Output;
        Assert.Matches(@"safety-filter → docs/clean/\S+ \(1 documents\)\n\s+tokenize → tokens/[0-9a-f]{64}/train/\S+\.bin \(in no dataset yet\)", lineage);
        Assert.StartsWith($"source {source}", lineage, StringComparison.Ordinal);
        var rawShard = RawShard().Match(lineage).Groups[1].Value;
        Assert.NotEmpty(rawShard);

        (code, var rejected, error) = await RunLake.SluiceAsync("rejected", "--env-file", EnvFile, "--stage", "ingest");
        Assert.True(code == 0, error);
        Assert.Contains("invalid-json", rejected, StringComparison.Ordinal);
        Assert.Contains("news/broken.jsonl", rejected, StringComparison.Ordinal);

        // Every data stage's queue has its service consuming, nothing in _error.
        var status = await UntilAsync(() => RunLake.SluiceAsync("status", "--env-file", EnvFile), o => o.Contains("(1 consumer(s))", StringComparison.Ordinal));
        foreach (var stage in new[] { "ingest", "dedupe", "safety-filter", "tokenize" })
        {
            Assert.Matches($@"(?m)^{stage}\s.*\(1 consumer\(s\)\)\s+0\s*$", status);
        }

        // Re-run one source from dedupe: ingest announces its shard again and dedupe reads it a second time.
        var dedupeLog = Path.Combine(State, "logs", "dedupe.log");
        var readsBefore = Reads(await File.ReadAllTextAsync(dedupeLog), rawShard);
        Assert.Equal(1, readsBefore);
        (code, output, error) = await RunLake.SluiceAsync("reprocess", source, "--from", "dedupe", "--env-file", EnvFile);
        Assert.True(code == 0, output + error);
        Assert.Contains($"1 shard(s) of {source} will be re-run from dedupe", output, StringComparison.Ordinal);
        Assert.Contains("asked ingest", output, StringComparison.Ordinal);
        await UntilAsync(async () => (0, await File.ReadAllTextAsync(dedupeLog), string.Empty), log => Reads(log, rawShard) == 2);
        Assert.Contains("Re-running " + source + " from dedupe", await File.ReadAllTextAsync(Path.Combine(State, "logs", "ingest.log")), StringComparison.Ordinal);

        (code, _, error) = await RunLake.SluiceAsync("reprocess", "news/never.txt", "--from", "dedupe", "--env-file", EnvFile);
        Assert.Equal(1, code);
        Assert.Contains("the lake records nothing ingested from 'news/never.txt'", error, StringComparison.Ordinal);

        // Training is asked for on the stack, and status follows the run.
        (code, output, error) = await RunLake.SluiceAsync("train", "--model", "demo", "--stack", "--env-file", EnvFile);
        Assert.True(code == 0, output + error);
        await UntilAsync(() => RunLake.SluiceAsync("status", "--env-file", EnvFile), o => o.Contains("model demo: dataset version 1, run-000001: step ", StringComparison.Ordinal));

        // Every listener the stack opened is on loopback: the broker, its console and Erlang ports, S3, PostgreSQL and
        // each service's health endpoint.
        var ports = new[] { "SLUICE_AMQP_PORT", "SLUICE_RABBITMQ_CONSOLE_PORT", "SLUICE_RABBITMQ_DIST_PORT", "SLUICE_EPMD_PORT", "SLUICE_S3_PORT", "SLUICE_POSTGRES_PORT" }
            .Select(Stack.Port)
            .Concat(Enumerable.Range(Stack.Port("SLUICE_SERVICE_PORT_BASE"), 6))
            .ToList();
        foreach (var port in ports)
        {
            var addresses = ListeningSockets.On(port);
            Assert.True(addresses.Count > 0, $"nothing listens on {port}");
            Assert.All(addresses, a => Assert.True(System.Net.IPAddress.IsLoopback(a), $"port {port} listens on {a}"));
        }

        // The generated broker password is in the credentials and env files only: no log line of any service,
        // server or script holds it.
        var password = File.ReadAllLines(Path.Combine(State, "credentials")).Single(l => l.StartsWith("RABBITMQ_PASSWORD=", StringComparison.Ordinal))["RABBITMQ_PASSWORD=".Length..];
        Assert.True(password.Length >= 16, "the generated password is too short");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(State, "credentials")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(EnvFile));
        // The same for PostgreSQL's generated password (scram-sha-256 on loopback; no role is trusted without it).
        var postgresPassword = (await File.ReadAllTextAsync(Path.Combine(State, "postgres", "password"))).Trim();
        Assert.True(postgresPassword.Length >= 16, "the generated PostgreSQL password is too short");
        Assert.Contains("Password=" + postgresPassword, await File.ReadAllTextAsync(EnvFile), StringComparison.Ordinal);
        // And the S3 server's generated key pair: the secret is in no log, and s3rver's own pair and unsigned requests
        // are turned away.
        var s3Secret = Stack.Credential("S3_SECRET_KEY");
        Assert.True(s3Secret.Length >= 32, "the generated S3 secret key is too short");
        Assert.NotEqual("S3RVER", Stack.Credential("S3_ACCESS_KEY"));
        foreach (var log in Directory.GetFiles(Path.Combine(State, "logs"), "*", SearchOption.AllDirectories))
        {
            var text = await File.ReadAllTextAsync(log);
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(postgresPassword, text, StringComparison.Ordinal);
            Assert.DoesNotContain(s3Secret, text, StringComparison.Ordinal);
        }

        using (var http = new HttpClient())
        {
            var unsigned = await http.GetAsync(new Uri($"http://127.0.0.1:{Stack.Port("SLUICE_S3_PORT")}/lake?list-type=2"));
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, unsigned.StatusCode);
        }

        foreach (var (key, secret) in new[] { ("S3RVER", "S3RVER"), (Stack.Credential("S3_ACCESS_KEY"), "not-the-secret") })
        {
            var stranger = ObjectStore.OpenS3(new S3StoreOptions { ServiceUrl = $"http://127.0.0.1:{Stack.Port("SLUICE_S3_PORT")}", Bucket = "lake", AccessKey = key, SecretKey = secret });
            using var close = (IDisposable)stranger;
            var refused = await Assert.ThrowsAnyAsync<Exception>(async () => await stranger.GetInfoAsync("docs/anything"));
            Assert.True(refused.ToString() is var text && (text.Contains("AccessDenied", StringComparison.Ordinal) || text.Contains("Forbidden", StringComparison.Ordinal)), refused.ToString());
        }

        // Without the password PostgreSQL turns the role away.
        await using (var anonymous = new Npgsql.NpgsqlConnection($"Host=127.0.0.1;Port={Stack.Port("SLUICE_POSTGRES_PORT")};Username=sluice;Database=postgres;Timeout=10"))
        {
            var turnedAway = await Assert.ThrowsAnyAsync<Exception>(() => anonymous.OpenAsync());
            Assert.Contains("password", turnedAway.Message, StringComparison.OrdinalIgnoreCase);
        }

        // The broker refuses a message over the stack's limit (4 MiB) and takes one under it.
        var factory = new RabbitMQ.Client.ConnectionFactory { HostName = "127.0.0.1", Port = Stack.Port("SLUICE_AMQP_PORT"), UserName = Stack.Credential("RABBITMQ_USER"), Password = password };
        await using var connection = await factory.CreateConnectionAsync();
        await using (var channel = await connection.CreateChannelAsync(new RabbitMQ.Client.CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            await channel.BasicPublishAsync(string.Empty, "sluice-test-nowhere", mandatory: false, basicProperties: new RabbitMQ.Client.BasicProperties(), body: new byte[3 << 20]);
        }

        await using (var channel = await connection.CreateChannelAsync(new RabbitMQ.Client.CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(async () => await channel.BasicPublishAsync(string.Empty, "sluice-test-nowhere", mandatory: false, basicProperties: new RabbitMQ.Client.BasicProperties(), body: new byte[5 << 20]));
            Assert.Contains("larger than configured max size", refused.ToString() + channel.CloseReason, StringComparison.Ordinal);
        }

        // stop.sh stops the services before the object store they write to, and the servers last.
        var stopped = (await Stack.StopAsync()).Split('\n').Where(l => l.StartsWith("local stack: stopping ", StringComparison.Ordinal)).Select(l => l["local stack: stopping ".Length..].Split(' ')[0]).ToList();
        string[] services = ["ingest", "dedupe", "safety-filter", "tokenize", "trainer", "evaluator"];
        Assert.All(services, s => Assert.Contains(s, stopped));
        Assert.Equal(["s3rver", "PostgreSQL", "RabbitMQ"], stopped.Skip(services.Length));
    }

    private static int Reads(string log, string shard) => log.Split('\n').Count(l => l.Contains("dedupe read", StringComparison.Ordinal) && l.Contains(shard, StringComparison.Ordinal));

    // Polls a verb as a person watching the stack would, until its output shows what is awaited (two minutes at most).
    private async Task<string> UntilAsync(Func<Task<(int ExitCode, string Output, string Error)>> verb, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var (_, output, error) = await verb();
            if (done(output))
            {
                return output;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not seen within two minutes; last output: {output}{error}{Stack.LogTails()}");
            }

            await Task.Delay(500);
        }
    }

    [GeneratedRegex(@"(?m)^tokenize\s+[1-9][0-9]* token shard")]
    private static partial Regex TokenShards();

    [GeneratedRegex(@"ingest → (docs/raw/\S+\.parquet)")]
    private static partial Regex RawShard();
}
