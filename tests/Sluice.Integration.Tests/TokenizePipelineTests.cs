using System.Security.Cryptography;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Hosting.Jobs;
using Sluice.Stages;
using Sluice.Storage;
using Sluice.Testing;
using Sluice.Tokenize;
using Sluice.Tokenize.Worker;

namespace Sluice.Integration.Tests;

/// <summary>
/// Tokenize workers against a real RabbitMQ, a real S3 server and a real PostgreSQL job store on loopback. Training the
/// tokenizer is a job under a lease: no worker holds a message while it runs, one training serves every replica, a dead
/// holder's job is taken over, and a failed training does not stop a later one.
/// </summary>
public sealed class TokenizePipelineTests(TokenizeServers servers) : IClassFixture<TokenizeServers>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Two_replicas_starting_at_once_on_a_fresh_lake_train_one_tokenizer_and_both_use_it()
    {
        using var lakeHandle = (IDisposable)servers.Loopback.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var brown = CleanShards.Brown(100, 24);
        var cleaned = new List<Cleaned>();
        for (var i = 0; i < 6; i++)
        {
            cleaned.Add(await CleanShards.WriteAsync(lake, $"replicas-{i}", brown.Skip(i * 4).Take(4)));
        }

        var settings = servers.TokenizeSettings(700, "jobs_replicas");
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.Loopback.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var first = Hosts.TokenizeWorker(settings);
        await using var second = Hosts.TokenizeWorker(settings);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        // Every shard at once, so both replicas find no tokenizer and park their shards on the one training job.
        var bus = recorder.Services.GetRequiredService<IBus>();
        await Task.WhenAll(cleaned.Select(c => bus.Publish(c)));
        await events.WaitUntilAsync(e => e.Tokenized.Count >= cleaned.Count, Patience, "every cleaned shard to be tokenized");

        Assert.Equal(1, Trainings(first) + Trainings(second));
        var tokenizerId = Assert.Single(events.Tokenized.Select(t => t.TokenizerId).Distinct());
        Assert.Equal(tokenizerId, Assert.Single(events.TokenizerTrained).TokenizerId);
        var tokenizer = await TokenizedOutputs.TokenizerAsync(lake, tokenizerId);
        Assert.Equal(700, tokenizer.VocabularySize);

        // Every shard was tokenized with it, and every document decodes to its text.
        Assert.Equal(cleaned.Select(c => c.Output.Key).Order(StringComparer.Ordinal), events.Tokenized.Select(t => t.Input.Key).Order(StringComparer.Ordinal));
        foreach (var tokenized in events.Tokenized)
        {
            var decoded = await TokenizedOutputs.DecodeAsync(lake, tokenized, tokenizer);
            var documents = brown.Where(d => decoded.ContainsKey(d.Id)).ToList();
            Assert.Equal(4, documents.Count);
            Assert.All(documents, d => Assert.Equal(d.Text, decoded[d.Id].Text));
            Assert.Equal(cleaned.Single(c => c.Output.Key == tokenized.Input.Key).Source, tokenized.Source);
        }

        // A replica started later finds the frozen tokenizer and trains nothing.
        await using var third = Hosts.TokenizeWorker(settings);
        await first.StopAsync();
        await second.StopAsync();
        await third.StartAsync();
        await bus.Publish(cleaned[0] with { Rerun = true });
        await events.WaitUntilAsync(e => e.Tokenized.Count > cleaned.Count, Patience, "the late replica to tokenize");
        Assert.Equal(tokenizerId, events.Tokenized.Last().TokenizerId);
        Assert.Equal(0, Trainings(third));
        await third.StopAsync();
        await recorder.StopAsync();
    }

    [Fact]
    public async Task Training_that_outlasts_the_brokers_redelivery_timeout_holds_no_message_and_tokenizes_every_waiting_shard_once()
    {
        using var lakeHandle = (IDisposable)servers.Loopback.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var cleaned = new List<Cleaned>();
        for (var i = 0; i < 6; i++)
        {
            cleaned.Add(await CleanShards.WriteAsync(lake, $"long-{i}", CleanShards.Brown(200 + (i * 3), 3)));
        }

        // The job waits for more shards for twice the broker's timeout before it trains.
        var settleSeconds = (int)(2 * TokenizeServers.ConsumerTimeout.TotalSeconds);
        var settings = servers.TokenizeSettings(710, "jobs_long", settleSeconds);
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.Loopback.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var worker = Hosts.TokenizeWorker(settings);
        await worker.StartAsync();
        var jobs = worker.Services.GetRequiredService<IJobStore>();
        var jobId = worker.Services.GetRequiredService<TokenizerCatalog>().TrainingJobId;
        var before = await TokenizeQueueAsync();
        await Task.WhenAll(cleaned.Select(c => recorder.Services.GetRequiredService<IBus>().Publish(c)));

        // While the job runs: every shard is parked on it, and the broker says the tokenize queue holds nothing,
        // delivered or not.
        var running = await Polling.UntilAsync(
            async () => await jobs.GetAsync(jobId, CancellationToken.None) is { State: JobState.Running } job
                && (await jobs.WaitersAsync(jobId, CancellationToken.None)).Count == cleaned.Count ? job : null,
            "the training job to run with every shard waiting on it");
        var startedAt = DateTime.UtcNow;
        var queue = await Polling.UntilAsync(
            async () => await TokenizeQueueAsync() is { Ready: 0, Unacknowledged: 0 } q && q.Acknowledged >= before.Acknowledged + cleaned.Count ? q : null,
            "the broker to report every shard acknowledged and the tokenize queue empty");
        Assert.Equal(JobState.Running, (await jobs.GetAsync(jobId, CancellationToken.None))!.State);

        await events.WaitUntilAsync(e => e.Tokenized.Count >= cleaned.Count, Patience, "every waiting shard to be tokenized");
        var finishedAt = DateTime.UtcNow;
        var job = await jobs.GetAsync(jobId, CancellationToken.None);
        Assert.Equal((JobState.Succeeded, 1), (job!.State, job.Attempts));
        Assert.True(finishedAt - startedAt > TokenizeServers.ConsumerTimeout, $"the job ran {finishedAt - startedAt}, not longer than the broker's timeout");
        Assert.Equal(1, Trainings(worker));
        Assert.Equal(cleaned.Select(c => c.Output.Key).Order(StringComparer.Ordinal), events.Tokenized.Select(t => t.Input.Key).Order(StringComparer.Ordinal));
        Assert.Empty(await jobs.WaitersAsync(jobId, CancellationToken.None));

        // Nothing was ever delivered twice: no consumer held a message past the broker's timeout.
        var after = await Polling.UntilAsync(
            async () => await TokenizeQueueAsync() is var q && q.Acknowledged >= before.Acknowledged + (2 * cleaned.Count) ? q : null,
            "the broker's statistics to count the parked shards' second delivery");
        Assert.Equal(before.Redelivered, after.Redelivered);
        Assert.Equal(1, running.Attempts);

        // The queue's one consumer is the worker's (the broker's statistics report consumers on their own schedule).
        await Polling.UntilAsync(async () => await TokenizeQueueAsync() is { Consumers: 1 } q ? q : null, "the broker to count the tokenize consumer");
        await worker.StopAsync();
        await recorder.StopAsync();
    }

    [Fact]
    public async Task After_a_failed_training_a_later_shard_with_text_trains_the_tokenizer_and_the_earlier_shard_is_tokenized_too()
    {
        using var lakeHandle = (IDisposable)servers.Loopback.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var empty = await CleanShards.WriteAsync(lake, "failed-empty", []);
        var settings = servers.TokenizeSettings(720, "jobs_failed");
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.Loopback.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var worker = Hosts.TokenizeWorker(settings);
        await worker.StartAsync();
        var bus = recorder.Services.GetRequiredService<IBus>();

        await bus.Publish(empty);
        await events.WaitUntilAsync(e => !e.TokenizerTrainingFailed.IsEmpty, Patience, "the training with no text to fail");
        var failed = Assert.Single(events.TokenizerTrainingFailed);
        Assert.Contains("no cleaned text", failed.Reason, StringComparison.Ordinal);
        Assert.Equal([empty.Output.Key], failed.WaitingShardKeys);
        Assert.Empty(events.Tokenized);

        var text = await CleanShards.WriteAsync(lake, "failed-then-text", CleanShards.Brown(300, 5));
        await bus.Publish(text);
        await events.WaitUntilAsync(e => e.Tokenized.Count >= 2, Patience, "both shards to be tokenized");
        var trained = Assert.Single(events.TokenizerTrained);
        Assert.All(events.Tokenized, t => Assert.Equal(trained.TokenizerId, t.TokenizerId));
        Assert.Equal(0, events.Tokenized.Single(t => t.Input.Key == empty.Output.Key).Train.DocumentCount);
        Assert.Equal(5, events.Tokenized.Single(t => t.Input.Key == text.Output.Key).Train.DocumentCount + events.Tokenized.Single(t => t.Input.Key == text.Output.Key).Validation.DocumentCount);
        var job = await worker.Services.GetRequiredService<IJobStore>().GetAsync(trained.JobId, CancellationToken.None);
        Assert.Equal((JobState.Succeeded, 2), (job!.State, job.Attempts));
        await worker.StopAsync();
        await recorder.StopAsync();
    }

    [Fact]
    public async Task A_killed_job_holder_is_replaced_by_another_replica_that_takes_the_job_over_when_its_lease_runs_out()
    {
        using var lakeHandle = (IDisposable)servers.Loopback.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var cleaned = new List<Cleaned>();
        for (var i = 0; i < 4; i++)
        {
            cleaned.Add(await CleanShards.WriteAsync(lake, $"killed-{i}", CleanShards.Brown(400 + (i * 3), 3)));
        }

        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.Loopback.ServiceSettings(), events);
        await recorder.StartAsync();

        // The first holder is its own process and waits a long minute for more shards, long enough to be killed while it holds the job.
        var patient = servers.TokenizeSettings(730, "jobs_killed", settleSeconds: 60);
        var jobs = new PostgresJobStore(new JobOptions { Store = JobStoreKind.Postgres, ConnectionString = servers.Postgres.ConnectionString, Schema = "jobs_killed" });
        await using var disposeJobs = jobs;
        var jobId = $"{TokenizerTrainingJob.JobKind}-{new TokenizerPolicyOptions { VocabularySize = 730 }.PolicyHash()[..16]}";
        using (var doomed = ServiceProcess.Start("tokenize", "Sluice.Tokenize", patient))
        {
            await Polling.UntilAsync(
                async () => (await servers.Loopback.Rabbit.ListQueuesAsync()).Any(q => q.GetProperty("name").GetString() == "tokenize" && q.GetProperty("consumers").GetInt32() > 0) ? (bool?)true : null,
                "the worker process to consume from the tokenize queue: " + doomed.Output);
            await Task.WhenAll(cleaned.Select(c => recorder.Services.GetRequiredService<IBus>().Publish(c)));
            var held = await Polling.UntilAsync(
                async () => await jobs.GetAsync(jobId, CancellationToken.None) is { State: JobState.Running } job
                    && (await jobs.WaitersAsync(jobId, CancellationToken.None)).Count == cleaned.Count ? job : null,
                "the worker process to hold the training job: " + doomed.Output);
            Assert.Equal(1, held.Attempts);
            doomed.Kill();
        }

        Assert.Empty(events.Tokenized);
        await using var replacement = Hosts.TokenizeWorker(servers.TokenizeSettings(730, "jobs_killed"));
        await replacement.StartAsync();
        await events.WaitUntilAsync(e => e.Tokenized.Count >= cleaned.Count, Patience, "the replacement to take the job over and tokenize every shard");

        var finished = await jobs.GetAsync(jobId, CancellationToken.None);
        Assert.Equal((JobState.Succeeded, 2), (finished!.State, finished.Attempts));
        Assert.Equal(1, Trainings(replacement));
        Assert.Single(events.TokenizerTrained);
        Assert.Equal(cleaned.Select(c => c.Output.Key).Order(StringComparer.Ordinal), events.Tokenized.Select(t => t.Input.Key).Order(StringComparer.Ordinal));
        await replacement.StopAsync();
        await recorder.StopAsync();
    }

    private static int Trainings(Microsoft.AspNetCore.Builder.WebApplication worker) => worker.Services.GetRequiredService<TokenizerTrainingJob>().TrainingCount;

    private Task<QueueStatistics> TokenizeQueueAsync() => QueueStatistics.ReadAsync(servers.Loopback.Rabbit, "tokenize");
}
