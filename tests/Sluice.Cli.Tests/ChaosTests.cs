using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Documents;
using Sluice.Ingest;
using Sluice.Storage;
using Sluice.Testing;
using Xunit.Abstractions;

namespace Sluice.Cli.Tests;

/// <summary>
/// The chaos harness: the local stack as OS processes, files dropped in waves, and the data services SIGKILLed at
/// seeded random moments and started again, while the files go through. Afterwards every document is accounted for by
/// id, stage by stage: each one ingest should make is in the lake once, and each one a stage read is either in its
/// output or in its quarantine, once. The short run here is CI's; <c>SLUICE_CHAOS_KILLS=20 SLUICE_CHAOS_SEED=n</c> runs
/// the long one (docs/reliability.md).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ChaosTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly string[] Services = ["ingest", "dedupe", "safety-filter", "tokenize"];
    private readonly string drop = RepoLayout.NewTempFolder("chaos-drop");
    private LocalStack? stack;

    /// <inheritdoc />
    public async Task InitializeAsync() =>
        stack = await LocalStack.StartAsync(Settings);

    // Training waits to be asked; a job whose holder was killed is taken over 6 s later rather than 30.
    private static Dictionary<string, string> Settings => new() { ["Trainer__StartOnRequestOnly"] = "true", ["Jobs__LeaseSeconds"] = "6" };

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
    public async Task Data_services_killed_at_random_moments_lose_and_duplicate_no_document()
    {
        var seed = int.Parse(Environment.GetEnvironmentVariable("SLUICE_CHAOS_SEED") ?? "20261203", CultureInfo.InvariantCulture);
        var killsPerService = int.Parse(Environment.GetEnvironmentVariable("SLUICE_CHAOS_KILLS") ?? "2", CultureInfo.InvariantCulture);
        var random = new Random(seed);
        var stack = this.stack!;
        var drops = ObjectStore.OpenS3(stack.Bucket("drop"));
        var lake = ObjectStore.OpenS3(stack.Bucket("lake"));
        using var closeDrops = (IDisposable)drops;
        using var closeLake = (IDisposable)lake;

        var files = Files();

        // Every event published meanwhile, to count the shard events published more than once (the same event again, from
        // a service killed between publishing and acknowledging).
        using var firehose = await BrokerFirehose.StartAsync(stack);

        // The kills: each service killedPerService times, in a seeded order, at seeded moments, started again at once.
        var plan = Services.SelectMany(s => Enumerable.Repeat(s, killsPerService)).OrderBy(_ => random.Next()).ToList();
        var kills = Services.ToDictionary(s => s, _ => 0);
        var waves = files.GroupBy(f => f.Key[..5]).ToList();
        for (var i = 0; i < plan.Count; i++)
        {
            if (i * waves.Count / plan.Count is var wave && (i == 0 || wave != (i - 1) * waves.Count / plan.Count))
            {
                foreach (var (key, bytes) in waves[wave])
                {
                    await drops.PutAsync(key, new MemoryStream(bytes));
                }
            }

            await Task.Delay(random.Next(200, 2_500));
            await stack.KillAsync(plan[i]);
            kills[plan[i]]++;
            await Task.Delay(random.Next(0, 1_000));
            await stack.StartServiceAsync(plan[i]);
        }

        var expected = await ExpectedAsync(files);
        var accounting = await SettleAsync(lake, expected);
        Assert.True(accounting.Settled(expected), $"not settled after five minutes: {accounting.Describe(expected)}{await stack.QueuesAsync()}{stack.LogTails(25)}");
        AssertAccounted(accounting, expected);
        var republished = RepeatedEvents(await firehose.DrainAsync());
        await firehose.StopAsync();

        // Then the model half: a training run is asked for, and the trainer and the evaluator are killed as often each,
        // at seeded moments while it trains and its checkpoints are evaluated; the run still reaches its last step, evaluated.
        var (code, output, error) = await RunLake.SluiceAsync("train", "--model", "demo", "--stack", "--env-file", stack.EnvFile);
        Assert.True(code == 0, output + error);
        var modelPlan = new[] { "trainer", "evaluator" }.SelectMany(s => Enumerable.Repeat(s, killsPerService)).OrderBy(_ => random.Next()).ToList();
        foreach (var service in modelPlan)
        {
            await Task.Delay(random.Next(500, 6_000));
            await stack.KillAsync(service);
            kills[service] = kills.GetValueOrDefault(service) + 1;
            await Task.Delay(random.Next(0, 1_000));
            await stack.StartServiceAsync(service);
        }

        var (final, checkpoints) = await WaitForEvaluatedLastStepAsync(stack, lake);
        log.WriteLine($"seed {seed}: kills {string.Join(", ", kills.Select(k => $"{k.Key} {k.Value}"))}; {accounting.Describe(expected)}; events published again: {Describe(republished)}; trained to step {final} ({checkpoints} complete checkpoints), the last evaluated");
    }

    // Per shard event type: how many distinct events were published, and how many of them more than once (the same
    // message but for its send time and ids). A stage killed between publishing and acknowledging publishes its event
    // again when the message comes back; the next stage's inbox takes that second copy as done, so a repeat never
    // flows on to the stages after it.
    private static Dictionary<string, (int Repeated, int Distinct)> RepeatedEvents(List<TracedMessage> traced) =>
        new[] { "DataArrived", "Deduplicated", "Cleaned", "Tokenized" }.ToDictionary(type => type, type =>
        {
            var events = traced.Where(m => m.Exchange == "Sluice.Contracts:" + type)
                .Select(m =>
                {
                    var message = JsonNode.Parse(m.Payload)!["message"]!.AsObject();
                    message.Remove("occurredAt");
                    return message.ToJsonString();
                })
                .GroupBy(m => m, StringComparer.Ordinal)
                .ToList();
            return (events.Count(g => g.Count() > 1), events.Count);
        });

    private static string Describe(Dictionary<string, (int Repeated, int Distinct)> repeated) =>
        string.Join(", ", repeated.Select(r => $"{r.Key} {r.Value.Repeated} of {r.Value.Distinct}"));

    [Fact]
    public async Task Kills_aimed_at_publishing_and_at_checkpoint_and_report_writes_lose_nothing_and_the_model_is_trained_and_evaluated()
    {
        // Every service killed once at a chosen moment (a failpoint: the process SIGKILLs itself there) and started again:
        // ingest and safety-filter with their shards written but no event published, dedupe and tokenize with the event
        // published but the message not acknowledged, the trainer with a checkpoint's files uploaded but not its manifest,
        // the evaluator with its charts uploaded but not its report.
        var stack = this.stack!;
        var aimed = new Dictionary<string, string>
        {
            ["ingest"] = Sluice.Stages.Failpoints.ShardBeforePublish,
            ["dedupe"] = Sluice.Stages.Failpoints.ShardAfterPublish,
            ["safety-filter"] = Sluice.Stages.Failpoints.ShardBeforePublish,
            ["tokenize"] = Sluice.Stages.Failpoints.ShardAfterPublish,
            ["trainer"] = Sluice.Stages.Failpoints.CheckpointBeforeManifest,
            ["evaluator"] = Sluice.Stages.Failpoints.EvaluationBeforeReport,
        };
        foreach (var (service, point) in aimed)
        {
            await stack.KillAsync(service);
            await stack.StartServiceAsync(service, point);
        }

        var drops = ObjectStore.OpenS3(stack.Bucket("drop"));
        var lake = ObjectStore.OpenS3(stack.Bucket("lake"));
        using var closeDrops = (IDisposable)drops;
        using var closeLake = (IDisposable)lake;
        var files = Files();
        using var firehose = await BrokerFirehose.StartAsync(stack);
        foreach (var (key, bytes) in files)
        {
            await drops.PutAsync(key, new MemoryStream(bytes));
        }

        foreach (var service in Services)
        {
            Assert.True(await stack.WaitForExitAsync(service, TimeSpan.FromMinutes(3)), $"{service} never reached {aimed[service]}{stack.LogTails()}");
            AssertKilledAt(stack, service, aimed[service]);
            await stack.StartServiceAsync(service);
        }

        var expected = await ExpectedAsync(files);
        var accounting = await SettleAsync(lake, expected);
        Assert.True(accounting.Settled(expected), $"not settled after five minutes: {accounting.Describe(expected)}{await stack.QueuesAsync()}{stack.LogTails(25)}");
        AssertAccounted(accounting, expected);
        var republished = RepeatedEvents(await firehose.DrainAsync());
        await firehose.StopAsync();

        // Ingest and safety-filter died before publishing, so their events went out once each; dedupe's and tokenize's
        // went out again after their kills, and the stages after them took the second copies as done: no Cleaned was
        // published twice although a Deduplicated was.
        Assert.True(republished["DataArrived"].Repeated == 0 && republished["Cleaned"].Repeated == 0, Describe(republished));

        var (code, output, error) = await RunLake.SluiceAsync("train", "--model", "demo", "--stack", "--env-file", stack.EnvFile);
        Assert.True(code == 0, output + error);
        foreach (var service in new[] { "trainer", "evaluator" })
        {
            Assert.True(await stack.WaitForExitAsync(service, TimeSpan.FromMinutes(5)), $"{service} never reached {aimed[service]}{stack.LogTails()}");
            AssertKilledAt(stack, service, aimed[service]);
            await stack.StartServiceAsync(service);
        }

        var (final, checkpoints) = await WaitForEvaluatedLastStepAsync(stack, lake);
        log.WriteLine($"aimed kills at {string.Join(", ", aimed.Select(a => $"{a.Key} {a.Value}"))}: {accounting.Describe(expected)}; events published again: {Describe(republished)}; trained to step {final} with {checkpoints} complete checkpoint(s), the last evaluated");
    }

    private static void AssertKilledAt(LocalStack stack, string service, string failpoint) =>
        Assert.Contains($"failpoint {failpoint}: killing process", File.ReadAllText(Path.Combine(stack.State, "logs", service + ".log")), StringComparison.Ordinal);

    // Waits (six minutes at most) until the demo line's run has a complete checkpoint at its last step and that step's
    // evaluation report; checks that no checkpoint is left without its manifest (one cut short was written again whole).
    private static async Task<(long Step, int Checkpoints)> WaitForEvaluatedLastStepAsync(LocalStack stack, IObjectStore lake)
    {
        var deadline = DateTime.UtcNow.AddMinutes(6);
        while (true)
        {
            var keys = new List<string>();
            await foreach (var item in lake.ListAsync("checkpoints/demo/"))
            {
                keys.Add(item.Key);
            }

            var complete = keys.Where(k => k.EndsWith("/manifest.json", StringComparison.Ordinal)).Select(k => k[..k.LastIndexOf('/')]).Order(StringComparer.Ordinal).ToList();
            if (complete.Count > 0 && await FinalStepAsync(lake, complete[^1]) is { } final && await lake.GetInfoAsync($"evals/{complete[^1]["checkpoints/".Length..]}/report.json") is not null)
            {
                var folders = keys.Select(k => k[..k.LastIndexOf('/')]).Distinct().ToList();
                Assert.Equal(folders.Order(StringComparer.Ordinal), complete);
                return (final, complete.Count);
            }

            Assert.True(DateTime.UtcNow < deadline, $"the run did not reach its last step with an evaluation: {string.Join(", ", keys.Where(k => k.EndsWith("manifest.json", StringComparison.Ordinal)))}{stack.LogTails()}");
            await Task.Delay(2_000);
        }
    }

    // The step of the checkpoint in the folder when it is the run's last (its position has reached its max steps), else null.
    private static async Task<long?> FinalStepAsync(IObjectStore lake, string folder)
    {
        await using var stream = await lake.OpenReadAsync(folder + "/training.json");
        using var training = await JsonDocument.ParseAsync(stream);
        var step = training.RootElement.GetProperty("position").GetProperty("step").GetInt64();
        return step == training.RootElement.GetProperty("options").GetProperty("maxSteps").GetInt64() ? step : null;
    }

    [Fact]
    public async Task One_replica_and_three_replicas_of_every_data_service_give_a_byte_identical_lake()
    {
        // The same files through this stack with one replica of each service, then through a fresh stack with three
        // of ingest, dedupe, safety-filter and tokenize: every document shard, reject, token shard and tokenizer file is
        // the same object with the same bytes (state/ holds records with wall-clock stamps and is left out).
        var files = Files();
        var expected = await ExpectedAsync(files);
        var single = await DropAllAndReadLakeAsync(stack!, files, expected);
        await stack!.DisposeAsync();
        stack = null;
        stack = await LocalStack.StartAsync(Settings);
        foreach (var service in Services)
        {
            await stack.StartServiceAsync(service + "#2");
            await stack.StartServiceAsync(service + "#3");
        }

        var replicated = await DropAllAndReadLakeAsync(stack, files, expected);
        Assert.Equal(single.Keys.Order(StringComparer.Ordinal), replicated.Keys.Order(StringComparer.Ordinal));
        var differing = single.Keys.Where(k => single[k] != replicated[k]).ToList();
        Assert.True(differing.Count == 0, $"{differing.Count} of {single.Count} objects differ: {string.Join(", ", differing)}");
        Assert.Contains(single.Keys, k => k.StartsWith("rejected/dedupe/", StringComparison.Ordinal));
        Assert.Contains(single.Keys, k => k.StartsWith("tokenizers/", StringComparison.Ordinal));
        log.WriteLine($"one and three replicas: {single.Count} objects under docs/, rejected/, tokens/ and tokenizers/, all identical");
    }

    private static async Task<Dictionary<string, string>> DropAllAndReadLakeAsync(LocalStack stack, List<(string Key, byte[] Bytes)> files, HashSet<string> expected)
    {
        var drops = ObjectStore.OpenS3(stack.Bucket("drop"));
        var lake = ObjectStore.OpenS3(stack.Bucket("lake"));
        using var closeDrops = (IDisposable)drops;
        using var closeLake = (IDisposable)lake;
        foreach (var (key, bytes) in files)
        {
            await drops.PutAsync(key, new MemoryStream(bytes));
        }

        var accounting = await SettleAsync(lake, expected);
        Assert.True(accounting.Settled(expected), $"not settled after five minutes: {accounting.Describe(expected)}{await stack.QueuesAsync()}{stack.LogTails(25)}");
        AssertAccounted(accounting, expected);
        return await ReadLakeAsync(stack);
    }

    // The SHA-256 of every object under docs/, rejected/, tokens/ and tokenizers/ (state/ holds wall-clock stamps).
    private static async Task<Dictionary<string, string>> ReadLakeAsync(LocalStack stack)
    {
        var lake = ObjectStore.OpenS3(stack.Bucket("lake"));
        using var closeLake = (IDisposable)lake;
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var prefix in new[] { "docs/", "rejected/", "tokens/", "tokenizers/" })
        {
            await foreach (var item in lake.ListAsync(prefix))
            {
                await using var stream = await lake.OpenReadAsync(item.Key);
                hashes[item.Key] = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stream));
            }
        }

        return hashes;
    }

    [Fact]
    public async Task Every_message_published_again_changes_no_object_and_no_message_holds_the_broker_password()
    {
        // Every message of a whole run through the data stages, copied by the broker's firehose, then each published
        // again exactly as it was: every consumer gets every message a second time, no shard event flows on, every
        // object the lake held is still there with the same bytes, and no new one appeared.
        var stack = this.stack!;
        using var firehose = await BrokerFirehose.StartAsync(stack);
        var files = Files();
        var expected = await ExpectedAsync(files);
        var before = await DropAllAndReadLakeAsync(stack, files, expected);
        var first = await firehose.DrainAsync();
        var published = first.GroupBy(m => m.Exchange).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var type in new[] { "DataArrived", "Deduplicated", "Cleaned", "Tokenized" })
        {
            Assert.True(published.GetValueOrDefault("Sluice.Contracts:" + type) > 0, $"no {type} was traced: {string.Join(", ", published)}");
        }

        // Claim checks only: no message, body or header, carries a generated secret (the broker's and PostgreSQL's passwords, the S3 secret key).
        string[] secrets = [stack.Credential("RABBITMQ_PASSWORD"), File.ReadAllText(Path.Combine(stack.State, "postgres", "password")).Trim(), stack.Credential("S3_SECRET_KEY")];
        Assert.All(secrets, secret => Assert.True(secret.Length >= 16, "a generated password is too short"));
        Assert.All(first, m => Assert.All(secrets, secret => Assert.DoesNotContain(secret, m.Payload + m.Properties.ToJsonString(), StringComparison.Ordinal)));
        var largest = first.MaxBy(m => m.Payload.Length)!;
        Assert.True(largest.Payload.Length < 64 * 1024, $"a {largest.Exchange} message of {largest.Payload.Length} bytes: messages are claim checks");

        foreach (var message in first)
        {
            await firehose.RepublishAsync(message);
        }

        // Each shard event delivered again reaches a stage that already worked and announced its input (the stage's
        // inbox, state/<stage>/inbox/): it is acknowledged without work, and nothing flows on. Every stage says so in its
        // log once per event it got again (the Cleaned shards sent back to tokenize after its tokenizer was trained
        // count too), and no shard event is published a second time.
        int Published(string type) => published.GetValueOrDefault("Sluice.Contracts:" + type);
        var awaited = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["dedupe"] = Published("DataArrived"),
            ["safety-filter"] = Published("Deduplicated"),
            ["tokenize"] = Published("Cleaned") + first.Count(m => m.Exchange == "tokenize"),
        };
        int SecondDeliveries(string service) =>
            File.ReadLines(Path.Combine(stack.State, "logs", service + ".log")).Count(l => l.Contains("a second delivery, acknowledged without work", StringComparison.Ordinal));
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (awaited.Any(a => SecondDeliveries(a.Key) < a.Value))
        {
            Assert.True(DateTime.UtcNow < deadline, $"not all taken as second deliveries after five minutes: {string.Join(", ", awaited.Select(a => $"{a.Key} {SecondDeliveries(a.Key)} of {a.Value}"))}{stack.LogTails()}");
            await Task.Delay(1_000);
        }

        // The firehose saw the test's own copies again and nothing more: no stage published a shard event.
        var again = (await firehose.DrainAsync()).GroupBy(m => m.Exchange).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.All(new[] { "Deduplicated", "Cleaned", "Tokenized" }, type => Assert.True(again.GetValueOrDefault("Sluice.Contracts:" + type) == Published(type), $"{type} published by a stage again: {string.Join(", ", again)} after {string.Join(", ", published)}"));
        await firehose.StopAsync();
        var after = await ReadLakeAsync(stack);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, p => Assert.Equal(p.Value, after[p.Key]));
        log.WriteLine($"{first.Count} messages published again ({string.Join(", ", published.Select(p => $"{p.Key} {p.Value}"))}); taken as second deliveries: {string.Join(", ", awaited.Select(a => $"{a.Key} {a.Value}"))}; the largest a {largest.Exchange} of {largest.Payload.Length} bytes; {before.Count} objects unchanged");
    }

    [Fact]
    public async Task A_broker_restart_while_files_go_through_loses_and_duplicates_no_document() =>
        await OutageAsync("broker restart", stack => stack.RestartBrokerAsync(TimeSpan.FromSeconds(10)));

    [Fact]
    public async Task The_broker_node_killed_while_files_go_through_loses_and_duplicates_no_document() =>
        await OutageAsync("broker node SIGKILLed, 10 s down", stack => stack.CrashBrokerNodeAsync(TimeSpan.FromSeconds(10)));

    // Every service started again while the broker is down, and kept waiting past MassTransit's start timeout (60 s,
    // after which a service that waits for its bus at start gives up and exits): each stays up and, once the node is
    // back, connects and does its work.
    [Fact]
    public async Task Services_started_while_the_broker_is_down_wait_for_it_and_lose_no_document() =>
        await OutageAsync("broker down while every service starts, 65 s", async stack =>
        {
            await stack.KillAsync("rabbitmq");
            using var list = File.OpenText(Path.Combine(RepoLayout.Root, "services", "services.txt"));
            var all = Sluice.Hosting.ServiceList.Parse(list).Select(s => s.Name).ToList();
            foreach (var service in all)
            {
                await stack.KillAsync(service);
                await stack.StartServiceAsync(service);
            }

            await Task.Delay(TimeSpan.FromSeconds(65));
            Assert.All(all, service => Assert.True(stack.IsRunning(service), $"{service} exited while the broker was down{stack.LogTails(10)}"));
            await stack.StartBrokerNodeAsync();
        });

    [Fact]
    public async Task A_PostgreSQL_restart_while_files_go_through_loses_and_duplicates_no_document() =>
        await OutageAsync("PostgreSQL restart", stack => stack.RestartPostgresAsync(TimeSpan.FromSeconds(5)));

    [Fact]
    public async Task An_object_store_down_for_thirty_seconds_loses_and_duplicates_no_document() =>
        await OutageAsync("S3 server down for 30 s", stack => stack.RestartS3Async(TimeSpan.FromSeconds(30)));

    // The first wave is dropped, the outage starts while it is processed, the rest is dropped during the outage.
    private async Task OutageAsync(string what, Func<LocalStack, Task> outage)
    {
        var stack = this.stack!;
        var drops = ObjectStore.OpenS3(stack.Bucket("drop"));
        var lake = ObjectStore.OpenS3(stack.Bucket("lake"));
        using var closeDrops = (IDisposable)drops;
        using var closeLake = (IDisposable)lake;
        var files = Files();
        foreach (var (key, bytes) in files.Where(f => f.Key.StartsWith("wave0/", StringComparison.Ordinal)))
        {
            await drops.PutAsync(key, new MemoryStream(bytes));
        }

        await Task.Delay(1_500);
        var outageDone = outage(stack);
        await Task.Delay(2_000);
        // A user's upload during an object store outage fails; this one is simply made again after it.
        var late = files.Where(f => !f.Key.StartsWith("wave0/", StringComparison.Ordinal)).ToList();
        try
        {
            foreach (var (key, bytes) in late)
            {
                await drops.PutAsync(key, new MemoryStream(bytes));
            }
        }
        catch (Exception e) when (Sluice.Hosting.TransientFaults.IsTransient(e))
        {
            await outageDone;
            foreach (var (key, bytes) in late)
            {
                await drops.PutAsync(key, new MemoryStream(bytes));
            }
        }

        await outageDone;
        var expected = await ExpectedAsync(files);
        var accounting = await SettleAsync(lake, expected);
        Assert.True(accounting.Settled(expected), $"not settled after five minutes: {accounting.Describe(expected)}{await stack.QueuesAsync()}{stack.LogTails(25)}");
        log.WriteLine($"{what}: {accounting.Describe(expected)}");
        AssertAccounted(accounting, expected);
    }

    // Three waves of files: Brown texts (one with a copy in upper case in the last), and fortunes as JSON lines.
    private static List<(string Key, byte[] Bytes)> Files()
    {
        var texts = BrownCorpus.Documents().Skip(100).Take(18).ToList();
        var fortunes = Fortunes.Read("en").Skip(500).Take(900).ToList();
        var files = new List<(string Key, byte[] Bytes)>();
        for (var wave = 0; wave < 3; wave++)
        {
            files.AddRange(texts.Skip(wave * 6).Take(6).Select(t => ($"wave{wave}/{t.Name}.txt", System.Text.Encoding.UTF8.GetBytes(t.Text))));
            files.Add(($"wave{wave}/fortunes.jsonl", System.Text.Encoding.UTF8.GetBytes(string.Concat(fortunes.Skip(wave * 300).Take(300).Select(f => JsonSerializer.Serialize(new { text = f }) + "\n")))));
        }

        files.Add(("wave2/copy.txt", System.Text.Encoding.UTF8.GetBytes(texts[0].Text.ToUpperInvariant())));
        return files;
    }

    // What ingest must make of the files, by the stage itself with the services' ingest settings (the defaults).
    private static async Task<HashSet<string>> ExpectedAsync(List<(string Key, byte[] Bytes)> files)
    {
        var ingest = new IngestStage(new IngestOptions());
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, bytes) in files)
        {
            var sink = new CollectingSink();
            await ingest.RunAsync(new MemoryStream(bytes), key, sink);
            expected.UnionWith(sink.DocumentIds);
        }

        return expected;
    }

    // Waits until every expected document reached the cleaned layer or a quarantine and every cleaned shard its token
    // shards (five minutes at most), reading the lake as it is.
    private static async Task<Accounting> SettleAsync(IObjectStore lake, HashSet<string> expected)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var accounting = await Accounting.ReadAsync(lake);
            if (accounting.Settled(expected) || DateTime.UtcNow > deadline)
            {
                return accounting;
            }

            await Task.Delay(1_000);
        }
    }

    // 0 lost, 0 duplicated, at every stage.
    private static void AssertAccounted(Accounting accounting, HashSet<string> expected)
    {
        Assert.Equal(expected.Order(StringComparer.Ordinal), accounting.Raw.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(accounting.Raw.Count, accounting.Raw.Distinct().Count());
        AssertPartition(accounting.Raw, accounting.Deduplicated, accounting.RemovedByDedupe, "dedupe");
        AssertPartition(accounting.Deduplicated, accounting.Cleaned, accounting.RemovedBySafetyFilter, "safety-filter");
        Assert.NotEmpty(accounting.RemovedByDedupe);
        Assert.Empty(accounting.CleanShardsWithoutTokens);
    }

    private static void AssertPartition(List<string> input, List<string> kept, List<string> removed, string stage)
    {
        var all = kept.Concat(removed).ToList();
        Assert.True(all.Count == all.Distinct().Count(), $"{stage}: {all.Count - all.Distinct().Count()} document(s) twice");
        Assert.True(input.ToHashSet().SetEquals(all), $"{stage}: {input.Except(all).Count()} lost, {all.Except(input).Count()} unknown");
    }


    private sealed class CollectingSink : IIngestSink
    {
        public List<string> DocumentIds { get; } = [];

        public ValueTask<bool> ShouldIngestAsync(IngestSource source, CancellationToken cancellationToken) => ValueTask.FromResult(true);

        public ValueTask PutShardAsync(ShardInfo shard, Stream content, CancellationToken cancellationToken)
        {
            if (shard.Kind == ShardKind.Documents)
            {
                DocumentIds.AddRange(DocumentShardReader.ReadDocuments(content, shard.Key).Select(d => d.Id));
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The document ids of every layer and quarantine of the lake, one entry per row.</summary>
    private sealed class Accounting
    {
        public List<string> Raw { get; } = [];

        public List<string> Deduplicated { get; } = [];

        public List<string> Cleaned { get; } = [];

        public List<string> RemovedByDedupe { get; } = [];

        public List<string> RemovedBySafetyFilter { get; } = [];

        public List<string> CleanShardsWithoutTokens { get; } = [];

        public static async Task<Accounting> ReadAsync(IObjectStore lake)
        {
            var accounting = new Accounting();
            var tokenInputs = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var item in lake.ListAsync("tokens/"))
            {
                if (item.Key.EndsWith(".bin", StringComparison.Ordinal))
                {
                    tokenInputs.Add(Path.GetFileName(item.Key)[..32]);
                }
            }

            foreach (var (prefix, ids, rejected) in new[]
            {
                ("docs/raw/", accounting.Raw, false), ("docs/dedup/", accounting.Deduplicated, false), ("docs/clean/", accounting.Cleaned, false),
                ("rejected/dedupe/", accounting.RemovedByDedupe, true), ("rejected/safety-filter/", accounting.RemovedBySafetyFilter, true),
            })
            {
                await foreach (var item in lake.ListAsync(prefix))
                {
                    if (!item.Key.EndsWith(".parquet", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var content = new MemoryStream();
                    await using (var stream = await lake.OpenReadAsync(item.Key))
                    {
                        await stream.CopyToAsync(content);
                    }

                    content.Position = 0;
                    var rows = rejected ? DocumentShardReader.ReadRejected(content, item.Key).Select(r => r.Id).ToList() : DocumentShardReader.ReadDocuments(content, item.Key).Select(d => d.Id).ToList();
                    ids.AddRange(rows);

                    // A cleaned shard left with no document has nothing to tokenize.
                    if (prefix == "docs/clean/" && rows.Count > 0)
                    {
                        content.Position = 0;
                        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
                        if (!tokenInputs.Contains(hash[..32]))
                        {
                            accounting.CleanShardsWithoutTokens.Add(item.Key);
                        }
                    }
                }
            }

            return accounting;
        }

        public bool Settled(HashSet<string> expected) =>
            expected.IsSubsetOf(Raw)
            && Raw.ToHashSet().SetEquals(Deduplicated.Concat(RemovedByDedupe))
            && Deduplicated.ToHashSet().SetEquals(Cleaned.Concat(RemovedBySafetyFilter))
            && CleanShardsWithoutTokens.Count == 0;

        public string Describe(HashSet<string> expected) =>
            $"expected {expected.Count} documents; raw {Raw.Count} ({Raw.Distinct().Count()} distinct), dedup {Deduplicated.Count} + removed {RemovedByDedupe.Count}, " +
            $"clean {Cleaned.Count} + removed {RemovedBySafetyFilter.Count}, cleaned shards without token shards {CleanShardsWithoutTokens.Count} {string.Join(" ", CleanShardsWithoutTokens)}";
    }
}
