using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Contracts;
using Sluice.Storage;
using Sluice.Testing;
using Sluice.Training.Lines;
using Sluice.Training.Worker;

namespace Sluice.Integration.Tests;

/// <summary>
/// Trainer workers against a real RabbitMQ, a real S3 server and a real PostgreSQL job store on loopback, with
/// TorchSharp training for real: dropped files become a checkpoint that traces back to them, replicas train one run,
/// data that arrives during a run starts a second that continues the first, and a killed trainer process is resumed
/// from the lake exactly.
/// </summary>
public sealed class TrainerPipelineTests(TrainerServers servers) : IClassFixture<TrainerServers>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Dropped_files_become_checkpoints_whose_lineage_reaches_back_to_them_two_trainer_replicas_train_one_run_and_its_last_checkpoint_is_evaluated()
    {
        var sample = SampleDrop.Create(brownOffset: 60);
        using var dropHandle = (IDisposable)servers.Loopback.Bucket("drop");
        using var lakeHandle = (IDisposable)servers.Loopback.Bucket("lake");
        var drop = (IObjectStore)dropHandle;
        var lake = (IObjectStore)lakeHandle;
        foreach (var item in sample.Objects)
        {
            await drop.PutAsync("to-train/" + item.Key, new MemoryStream(item.Bytes));
        }

        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.Loopback.ServiceSettings(), events);
        await recorder.StartAsync();
        var trainerQueueBefore = await QueueStatistics.ReadAsync(servers.Loopback.Rabbit, "trainer");
        var evaluatorQueueBefore = await QueueStatistics.ReadAsync(servers.Loopback.Rabbit, "evaluator");
        var ingestSettings = servers.Loopback.ServiceSettings();
        ingestSettings["DropWatch:ScanIntervalSeconds"] = "1";
        ingestSettings["DropWatch:Prefix"] = "to-train/";
        var dedupeSettings = servers.JobSettings("jobs_dedupe_train");
        dedupeSettings["Dedupe:SettleSeconds"] = "1";
        dedupeSettings["DedupeIndex:Kind"] = "Postgres";
        dedupeSettings["DedupeIndex:Postgres:ConnectionString"] = servers.Postgres.ConnectionString;
        dedupeSettings["DedupeIndex:Postgres:Schema"] = "dedupe_train";
        var safetySettings = servers.Loopback.ServiceSettings();
        safetySettings["SafetyFilter:Toxicity:WordListFolder"] = RepoLayout.PeerPackage("naughty-words");

        // The evaluator has named step 25 of the coming run the line's best (a poor one: 100 bits per byte), so the
        // trainer's retention must keep it beside the newest two.
        var namedBest = new BestCheckpoint
        {
            Model = "e2e",
            RunId = "run-000001",
            Step = 25,
            Manifest = new StoredObjectRef { Key = LakeKeys.CheckpointPrefix("e2e", "run-000001", 25) + "manifest.json", Sha256 = new string('0', 64), ByteCount = 0, RecordCount = 1 },
            Metric = "bits_per_byte",
            Value = 100,
        };
        await lake.PutAsync(LakeKeys.BestCheckpoint("e2e"), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(namedBest, Json)));

        // A user's evaluation set with a broken second line: refused, scored on none of its items, and said in EvalCompleted.
        await lake.PutAsync(LakeKeys.EvaluationSetsPrefix + "broken.qa.jsonl", new MemoryStream("{\"id\": \"a\", \"question\": \"Who?\", \"answers\": [\"me\"]}\n{\"id\": \"b\", \"question\": \n"u8.ToArray()));

        // Runs start only when asked: the test asks once everything is tokenized, so the run's dataset is the whole drop.
        var trainerSettings = servers.TrainerSettings("jobs_e2e", "e2e", tokensPerRun: 100 * 128, checkpointEvery: 25, minNewTokens: long.MaxValue);
        var secondTrainerSettings = new Dictionary<string, string?>(trainerSettings) { ["Trainer:WorkFolder"] = trainerSettings["Trainer:WorkFolder"] + "-b" };
        await using var dedupe = Hosts.DedupeWorker(dedupeSettings);
        await using var safety = Hosts.SafetyFilterWorker(safetySettings);
        await using var tokenize = Hosts.TokenizeWorker(servers.TokenizeSettings(800, "jobs_e2e"));
        await using var firstTrainer = Hosts.TrainerWorker(trainerSettings);
        await using var secondTrainer = Hosts.TrainerWorker(secondTrainerSettings);
        await using var evaluator = Hosts.EvaluatorWorker(servers.EvaluatorSettings("jobs_e2e_eval"));
        await using var ingest = Hosts.IngestWorker(ingestSettings);
        foreach (var worker in new[] { dedupe, safety, tokenize, firstTrainer, secondTrainer, evaluator, ingest })
        {
            await worker.StartAsync();
        }

        await events.WaitUntilAsync(e => e.SourceIngested.Count >= sample.Objects.Count, Polling.Patience, "every dropped object to be ingested");
        var shardCount = events.DataArrived.Count;
        await events.WaitUntilAsync(e => e.Deduplicated.Select(d => d.Input.Key).Distinct().Count() >= shardCount, Polling.Patience, "every shard to be deduplicated");
        var dedupOutputs = events.Deduplicated.Select(d => d.Output.Key).ToHashSet(StringComparer.Ordinal);
        await events.WaitUntilAsync(e => dedupOutputs.IsSubsetOf(e.Cleaned.Select(c => c.Input.Key)), Polling.Patience, "every deduplicated shard to be cleaned");
        var cleanOutputs = events.Cleaned.Select(c => c.Output.Key).ToHashSet(StringComparer.Ordinal);
        await events.WaitUntilAsync(e => cleanOutputs.IsSubsetOf(e.Tokenized.Select(t => t.Input.Key)), Polling.Patience, "every cleaned shard to be tokenized");

        // Once the trainers have taken every Tokenized off their queue, ask for a run.
        var tokenizedCount = events.Tokenized.Count;
        await Polling.UntilAsync(
            async () => await QueueStatistics.ReadAsync(servers.Loopback.Rabbit, "trainer") is { Ready: 0, Unacknowledged: 0 } q && q.Acknowledged - trainerQueueBefore.Acknowledged >= tokenizedCount ? q : null,
            "the trainers to record every Tokenized");
        Assert.Empty(events.CheckpointSaved);
        await recorder.Services.GetRequiredService<IBus>().Publish(new StartTraining { Model = "e2e", RequestId = "e2e-1", RequestedBy = "test" });
        await events.WaitUntilAsync(e => e.CheckpointSaved.Any(c => c.Step == c.MaxSteps) || !e.TrainingFailed.IsEmpty, Polling.Patience, "the run's last checkpoint");
        Assert.Empty(events.TrainingFailed);

        // One run between the two replicas, every checkpoint announced once.
        await Polling.UntilAsync(async () => { await Task.Yield(); return Runs(firstTrainer) + Runs(secondTrainer) > 0 ? (bool?)true : null; }, "the run to be recorded as finished");
        Assert.Equal(1, Runs(firstTrainer) + Runs(secondTrainer));
        var saved = events.CheckpointSaved.ToList();
        Assert.All(saved, c => Assert.Equal(("e2e", "run-000001", 100), (c.Model, c.RunId, c.MaxSteps)));
        Assert.Equal([25L, 50L, 75L, 100L], saved.Select(c => c.Step).Order());
        Assert.Equal(saved.Count, saved.Select(c => (c.RunId, c.Step)).Distinct().Count());
        var last = saved.Single(c => c.Step == 100);
        Assert.Equal(100 * 128, last.TokensSeen);
        Assert.True(last.TrainLoss < events.TrainingProgress.First(p => p.Step == 1).Loss, $"loss {last.TrainLoss} after 100 steps is not below the first step's");
        Assert.NotNull(last.ValidationLoss);

        // Every file of the checkpoint is in the lake with the hash the event names, under checkpoints/<model>/<run>/<step>/.
        var prefix = LakeKeys.CheckpointPrefix("e2e", "run-000001", 100);
        Assert.StartsWith(prefix, last.Manifest.Key, StringComparison.Ordinal);
        foreach (var file in last.Files.Append(last.Manifest))
        {
            Assert.StartsWith(prefix, file.Key, StringComparison.Ordinal);
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(await LakeContents.ReadAllAsync(lake, file.Key))));
        }

        // Lineage: checkpoint → dataset manifest → token shards → cleaned shards → deduplicated shards → ingested shards → dropped objects.
        var datasetBytes = await LakeContents.ReadAllAsync(lake, last.Dataset.Key);
        Assert.Equal(last.Dataset.Sha256, Convert.ToHexStringLower(SHA256.HashData(datasetBytes)));
        var dataset = JsonSerializer.Deserialize<DatasetManifest>(datasetBytes, Json)!;
        Assert.Equal((1, last.TokenizerId), (dataset.Version, dataset.TokenizerId));
        var tokenShards = events.Tokenized.SelectMany(t => t.Train.Shards.Concat(t.Validation.Shards)).Select(s => s.Tokens.Key).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(tokenShards.Order(StringComparer.Ordinal), dataset.Shards.Select(s => s.Tokens.Key).Order(StringComparer.Ordinal));
        Assert.Contains(dataset.Shards, s => s.Split == LakeKeys.ValidationSplit);
        var ingested = events.DataArrived.ToDictionary(a => a.Shard.Key, a => a.Source.Key, StringComparer.Ordinal);
        var deduplicated = events.Deduplicated.ToDictionary(d => d.Output.Key, d => d.Input.Key, StringComparer.Ordinal);
        var cleaned = events.Cleaned.DistinctBy(c => c.Output.Key).ToDictionary(c => c.Output.Key, c => c.Input.Key, StringComparer.Ordinal);
        var withText = sample.Objects.Where(o => o.Phrases.Count > 0).Select(o => "to-train/" + o.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var shard in dataset.Shards)
        {
            var dropped = ingested[deduplicated[cleaned[shard.CleanedShard]]];
            Assert.Equal(dropped, shard.Source.Key);
            Assert.Contains(dropped, withText);
            Assert.Equal(shard.Tokens.Sha256, Convert.ToHexStringLower(SHA256.HashData(await LakeContents.ReadAllAsync(lake, shard.Tokens.Key))));
        }

        // Every dropped object with documents left after the filters is in the dataset.
        var survived = events.Cleaned.Where(c => c.Output.RecordCount > 0).Select(c => c.Source.Key).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(survived);
        Assert.Equal(survived.Order(StringComparer.Ordinal), dataset.Shards.Select(s => s.Source.Key).Distinct().Order(StringComparer.Ordinal));

        // The run's last checkpoint, and only it, is evaluated: a report in the lake under evals/<model>/<run>/<step>/
        // naming the checkpoint, the line's first verdict a promotion that moves best.json to it.
        // (The evaluator queue is the fixture's: other tests' checkpoints may be evaluated too, so only this line's count.)
        await events.WaitUntilAsync(e => e.EvalCompleted.Any(c => c.Model == "e2e"), Polling.Patience, "the last checkpoint's evaluation");
        var evaluation = Assert.Single(events.EvalCompleted, c => c.Model == "e2e");
        Assert.Null(evaluation.Failure);
        Assert.Equal(("e2e", "run-000001", 100L, "promote"), (evaluation.Model, evaluation.RunId, evaluation.Step, evaluation.Verdict));
        Assert.Equal(last.Manifest, evaluation.Checkpoint);
        Assert.Empty(evaluation.Deltas);
        var problem = Assert.Single(evaluation.Problems);
        Assert.StartsWith(LakeKeys.EvaluationSetsPrefix + "broken.qa.jsonl:2: ", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(evaluation.Metrics.Keys, k => k.StartsWith("broken/", StringComparison.Ordinal));
        var reportPrefix = LakeKeys.EvaluationPrefix("e2e", "run-000001", 100);
        Assert.Equal(reportPrefix + "report.json", evaluation.Report!.Key);
        var reportBytes = await LakeContents.ReadAllAsync(lake, evaluation.Report.Key);
        Assert.Equal(evaluation.Report.Sha256, Convert.ToHexStringLower(SHA256.HashData(reportBytes)));
        var report = JsonNode.Parse(reportBytes)!;
        Assert.Equal(evaluation.Metrics["bits_per_byte"], report["primary_metric"]!["value"]!.GetValue<double>(), 9);
        Assert.Equal(evaluation.Metrics["unigram_bits_per_byte"], report["baseline"]!["bits_per_byte"]!.GetValue<double>(), 9);
        Assert.Equal("promote", report["verdict"]!["decision"]!.GetValue<string>());
        var reportFiles = await LakeContents.SnapshotAsync(lake, reportPrefix);
        Assert.Contains(reportFiles, f => f.StartsWith(reportPrefix + "report.md ", StringComparison.Ordinal));
        Assert.Contains(reportFiles, f => f.StartsWith(reportPrefix + "loss.png ", StringComparison.Ordinal));
        foreach (var metric in new[] { "loss", "token_perplexity", "word_perplexity", "distinct_2", "self_bleu", "repetition_rate", "memorization_rate", "demo/acc", "demo/bleu", "demo/f1", "demo/stereotype_share" })
        {
            Assert.True(evaluation.Metrics.ContainsKey(metric), $"no {metric} in {string.Join(", ", evaluation.Metrics.Keys)}");
        }

        var best = JsonSerializer.Deserialize<BestCheckpoint>(await LakeContents.ReadAllAsync(lake, LakeKeys.BestCheckpoint("e2e")), Json)!;
        Assert.Equal((last.Manifest, evaluation.Metrics["bits_per_byte"]), (best.Manifest, best.Value));
        Assert.Equal(25, report["current_best"]!["step"]!.GetValue<long>());

        // Retention (two per run) kept the checkpoint named best while the run trained, and the newest two.
        var keptSteps = (await LakeContents.SnapshotAsync(lake, "checkpoints/e2e/run-000001/")).Select(k => k.Split('/')[3]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["00000025", "00000075", "00000100"], keptSteps);

        // No trainer held a message while training: the broker redelivered nothing.
        Assert.Equal(trainerQueueBefore.Redelivered, (await QueueStatistics.ReadAsync(servers.Loopback.Rabbit, "trainer")).Redelivered);
        Assert.Equal(evaluatorQueueBefore.Redelivered, (await QueueStatistics.ReadAsync(servers.Loopback.Rabbit, "evaluator")).Redelivered);
        foreach (var worker in new[] { ingest, dedupe, safety, tokenize, firstTrainer, secondTrainer, evaluator })
        {
            await worker.StopAsync();
        }

        await recorder.StopAsync();
    }

    [Fact]
    public async Task A_token_shard_that_fails_its_hash_and_shards_of_another_tokenizer_are_quarantined_and_the_run_trains_on_the_rest()
    {
        using var lakeHandle = (IDisposable)servers.Loopback.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var cleaned = new List<Cleaned>();
        for (var i = 0; i < 3; i++)
        {
            cleaned.Add(await CleanShards.WriteAsync(lake, $"refused-{i}", CleanShards.Brown(140 + (i * 4), 4)));
        }

        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.Loopback.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var tokenize = Hosts.TokenizeWorker(servers.TokenizeSettings(640, "jobs_refused"));
        await using var trainer = Hosts.TrainerWorker(servers.TrainerSettings("jobs_refused", "refused", tokensPerRun: 20 * 128, checkpointEvery: 10, minNewTokens: long.MaxValue));
        await tokenize.StartAsync();
        await trainer.StartAsync();
        var bus = recorder.Services.GetRequiredService<IBus>();
        var trainerQueueBefore = await QueueStatistics.ReadAsync(servers.Loopback.Rabbit, "trainer");
        foreach (var shard in cleaned)
        {
            await bus.Publish(shard);
        }

        await events.WaitUntilAsync(e => e.Tokenized.Count >= cleaned.Count, Polling.Patience, "every cleaned shard to be tokenized");
        var tokenized = events.Tokenized.OrderBy(t => t.Input.Key, StringComparer.Ordinal).ToList();

        // One shard's token file changes in the lake after it was announced; another shard is announced again as if
        // made with another tokenizer.
        var corrupted = tokenized[0].Train.Shards[0].Tokens;
        var bytes = await LakeContents.ReadAllAsync(lake, corrupted.Key);
        bytes[^1] ^= 0x5a;
        await lake.PutAsync(corrupted.Key, new MemoryStream(bytes));
        var otherTokenizer = new string('e', 64);
        await bus.Publish(tokenized[1] with { TokenizerId = otherTokenizer, StageConfigHash = new string('a', 64) });
        await Polling.UntilAsync(
            async () => await QueueStatistics.ReadAsync(servers.Loopback.Rabbit, "trainer") is { Ready: 0, Unacknowledged: 0 } q && q.Acknowledged - trainerQueueBefore.Acknowledged >= cleaned.Count + 1 ? q : null,
            "the trainer to record every Tokenized");
        await bus.Publish(new StartTraining { Model = "refused", RequestId = "refused-1", RequestedBy = "test" });
        await events.WaitUntilAsync(e => e.CheckpointSaved.Any(c => c.Step == c.MaxSteps) || !e.TrainingFailed.IsEmpty, Polling.Patience, "the run's last checkpoint");
        Assert.Empty(events.TrainingFailed);

        // Both are quarantined by the trainer with their reasons; the mismatch names both tokenizers.
        var refused = events.Quarantined.Where(q => q.Stage == TrainingLineJob.StageName).ToList();
        var integrity = Assert.Single(refused, q => q.Reason == "integrity");
        Assert.Equal(corrupted.Key, integrity.Input.Key);
        var mismatch = Assert.Single(refused, q => q.Reason == "tokenizer-mismatch");
        Assert.Equal(tokenized[1].Input.Key, mismatch.Input.Key);
        Assert.Contains(otherTokenizer, mismatch.Detail, StringComparison.Ordinal);
        Assert.Contains(tokenized[1].TokenizerId, mismatch.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(await LakeContents.SnapshotAsync(lake, integrity.RecordKey));

        // The run's dataset is every other shard, all of the real tokenizer.
        var last = events.CheckpointSaved.Single(c => c.Step == c.MaxSteps);
        var dataset = await DatasetAsync(lake, last.Dataset);
        Assert.Equal(tokenized[0].TokenizerId, dataset.TokenizerId);
        var expected = tokenized.SelectMany(TokenKeys).Where(k => k != corrupted.Key).Order(StringComparer.Ordinal);
        Assert.Equal(expected, dataset.Shards.Select(s => s.Tokens.Key).Order(StringComparer.Ordinal));
        await trainer.StopAsync();
        await tokenize.StopAsync();
        await recorder.StopAsync();
    }

    [Fact]
    public async Task A_checkpoint_whose_files_fail_their_hashes_is_not_evaluated_and_EvalCompleted_says_why_without_a_retry()
    {
        using var lakeHandle = (IDisposable)servers.Loopback.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var manifestKey = LakeKeys.CheckpointPrefix("broken", "run-000001", 10) + "manifest.json";
        await lake.PutAsync(manifestKey, new MemoryStream("{\"step\": 10}"u8.ToArray()));
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.Loopback.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var evaluator = Hosts.EvaluatorWorker(servers.EvaluatorSettings("jobs_broken_eval"));
        await evaluator.StartAsync();
        var before = await QueueStatistics.ReadAsync(servers.Loopback.Rabbit, "evaluator");

        // The announced hash is not the hash of what the lake holds.
        var manifest = new StoredObjectRef { Key = manifestKey, Sha256 = new string('1', 64), ByteCount = 12, RecordCount = 1 };
        await recorder.Services.GetRequiredService<IBus>().Publish(new CheckpointSaved
        {
            Model = "broken",
            RunId = "run-000001",
            Step = 10,
            MaxSteps = 10,
            Manifest = manifest,
            TokenizerId = new string('2', 64),
            Dataset = new StoredObjectRef { Key = "datasets/broken/000001.json", Sha256 = new string('3', 64), ByteCount = 1, RecordCount = 1 },
            TokensSeen = 100,
            TrainLoss = 5,
            StageConfigHash = new string('4', 64),
            OccurredAt = DateTimeOffset.UtcNow,
        });

        await events.WaitUntilAsync(e => e.EvalCompleted.Any(c => c.Model == "broken"), Polling.Patience, "the evaluator's answer");
        var failed = Assert.Single(events.EvalCompleted, c => c.Model == "broken");
        Assert.Equal(("broken", "run-000001", 10L, "failed"), (failed.Model, failed.RunId, failed.Step, failed.Verdict));
        Assert.Equal(manifest, failed.Checkpoint);
        Assert.Null(failed.Report);
        Assert.Contains(manifestKey, failed.Failure, StringComparison.Ordinal);
        Assert.Empty(await LakeContents.SnapshotAsync(lake, "evals/broken/"));
        Assert.Empty(await LakeContents.SnapshotAsync(lake, LakeKeys.BestCheckpoint("broken")));
        var after = await QueueStatistics.ReadAsync(servers.Loopback.Rabbit, "evaluator");
        Assert.Equal(before.Redelivered, after.Redelivered);
        await evaluator.StopAsync();
        await recorder.StopAsync();
    }

    [Fact]
    public async Task Data_that_arrives_during_a_run_makes_a_second_dataset_version_and_a_second_run_that_continues_the_first_which_the_gate_declines_below_its_margin()
    {
        using var lakeHandle = (IDisposable)servers.Loopback.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var first = await CleanShards.WriteAsync(lake, "continual-first", CleanShards.Brown(120, 8));
        var second = await CleanShards.WriteAsync(lake, "continual-second", CleanShards.Brown(128, 8));
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.Loopback.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var tokenize = Hosts.TokenizeWorker(servers.TokenizeSettings(600, "jobs_continual"));
        var settings = servers.TrainerSettings("jobs_continual", "continual", tokensPerRun: 2000 * 128, checkpointEvery: 500, minNewTokens: 1);
        settings["Trainer:Lines:0:NewDataShare"] = "0.5";
        settings["Trainer:ProgressIntervalSeconds"] = "0.5";
        await using var trainer = Hosts.TrainerWorker(settings);

        // A gate that wants 99% fewer bits per byte than the best: the line's first checkpoint is promoted, the next declined.
        var evaluatorSettings = servers.EvaluatorSettings("jobs_continual_eval");
        evaluatorSettings["Evaluator:MinimumRelativeImprovement"] = "0.99";
        await using var evaluator = Hosts.EvaluatorWorker(evaluatorSettings);
        await tokenize.StartAsync();
        await trainer.StartAsync();
        await evaluator.StartAsync();
        var bus = recorder.Services.GetRequiredService<IBus>();

        // The first shard's tokens start the first run; while it trains, the broker holds no trainer message.
        await bus.Publish(first);
        await events.WaitUntilAsync(e => e.TrainingProgress.Any(p => p.Model == "continual" && p.RunId == "run-000001"), Polling.Patience, "the first run to train");
        var queue = await QueueStatistics.ReadAsync(servers.Loopback.Rabbit, "trainer");
        Assert.Equal((0, 0), (queue.Ready, queue.Unacknowledged));

        // The second shard is tokenized while the first run trains.
        await bus.Publish(second);
        await events.WaitUntilAsync(e => e.Tokenized.Count >= 2, Polling.Patience, "the second shard to be tokenized");
        Assert.DoesNotContain(events.CheckpointSaved, c => c.RunId == "run-000001" && c.Step == c.MaxSteps);
        await events.WaitUntilAsync(
            e => e.CheckpointSaved.Any(c => c.RunId == "run-000002" && c.Step == c.MaxSteps) || !e.TrainingFailed.IsEmpty, Polling.Patience, "the second run's last checkpoint");
        Assert.Empty(events.TrainingFailed);

        var tokenized = events.Tokenized.ToList();
        var firstRun = events.CheckpointSaved.Where(c => c.RunId == "run-000001").OrderBy(c => c.Step).ToList();
        var secondRun = events.CheckpointSaved.Where(c => c.RunId == "run-000002").OrderBy(c => c.Step).ToList();
        Assert.Equal([500L, 1000L, 1500L, 2000L], firstRun.Select(c => c.Step));
        Assert.Equal([500L, 1000L, 1500L, 2000L], secondRun.Select(c => c.Step));

        // Version 1 is the first shard's tokens; version 2 adds the second's and keeps every shard of version 1 as it was.
        var v1 = await DatasetAsync(lake, firstRun[^1].Dataset);
        var v2 = await DatasetAsync(lake, secondRun[^1].Dataset);
        Assert.Equal((1, 2), (v1.Version, v2.Version));
        Assert.Equal(TokenKeys(tokenized[0]), v1.Shards.Select(s => s.Tokens.Key).Order(StringComparer.Ordinal));
        Assert.Equal(TokenKeys(tokenized[1]), v2.Added);
        Assert.Equal(v1.Shards, v2.Shards.Where(s => !v2.Added.Contains(s.Tokens.Key)));
        Assert.Equal(["drop/continual-first"], v1.Shards.Select(s => s.Source.Key).Distinct());

        // The second run started from the first run's last checkpoint: it says so, and its first loss is well below the
        // first run's (a model from scratch starts near ln 600 = 6.4).
        var training = JsonNode.Parse(await LakeContents.ReadAllAsync(lake, LakeKeys.CheckpointPrefix("continual", "run-000002", 2000) + "training.json"))!;
        Assert.Equal(LakeKeys.CheckpointPrefix("continual", "run-000001", 2000), (string?)training["continuedFrom"]);
        var firstLoss = events.TrainingProgress.First(p => p.RunId == "run-000001").Loss;
        var continuedLoss = events.TrainingProgress.First(p => p.RunId == "run-000002").Loss;
        Assert.True(continuedLoss < firstLoss - 0.5, $"the second run began at loss {continuedLoss}, the first at {firstLoss}");

        // Retention keeps each run's last checkpoint and the newest two.
        var kept = (await LakeContents.SnapshotAsync(lake, "checkpoints/continual/run-000001/")).Select(k => k.Split('/')[3]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["00001500", "00002000"], kept);

        // Each run's last checkpoint is evaluated; the second is compared with the first, declined, and best.json stays.
        await events.WaitUntilAsync(e => e.EvalCompleted.Count(c => c.Model == "continual") >= 2, Polling.Patience, "both runs' evaluations");
        var evaluations = events.EvalCompleted.Where(c => c.Model == "continual").OrderBy(e => e.RunId, StringComparer.Ordinal).ToList();
        Assert.True(evaluations.All(e => e.Failure is null), string.Join("; ", evaluations.Select(e => $"{e.RunId}: {e.Failure}")));
        Assert.Equal([("run-000001", 2000L, "promote"), ("run-000002", 2000L, "decline")], evaluations.Select(e => (e.RunId, e.Step, e.Verdict)));
        Assert.Empty(evaluations[0].Deltas);
        Assert.Equal(evaluations[1].Metrics["bits_per_byte"] - evaluations[0].Metrics["bits_per_byte"], evaluations[1].Deltas["bits_per_byte"], 9);
        var best = JsonSerializer.Deserialize<BestCheckpoint>(await LakeContents.ReadAllAsync(lake, LakeKeys.BestCheckpoint("continual")), Json)!;
        Assert.Equal(("run-000001", 2000L), (best.RunId, best.Step));
        var secondReport = JsonNode.Parse(await LakeContents.ReadAllAsync(lake, evaluations[1].Report!.Key))!;
        Assert.Equal("decline", secondReport["verdict"]!["decision"]!.GetValue<string>());
        Assert.Equal(2000, secondReport["current_best"]!["step"]!.GetValue<long>());
        await evaluator.StopAsync();
        await trainer.StopAsync();
        await tokenize.StopAsync();
        await recorder.StopAsync();
    }

    [Fact]
    public async Task A_trainer_process_killed_mid_run_is_replaced_and_the_run_resumes_from_the_lake_with_the_losses_of_an_uninterrupted_run()
    {
        using var lakeHandle = (IDisposable)servers.Loopback.Bucket("lake");
        var lake = (IObjectStore)lakeHandle;
        var cleaned = await CleanShards.WriteAsync(lake, "resumed", CleanShards.Brown(140, 8));
        var events = new RecordedEvents();
        using var recorder = Hosts.EventRecorder(servers.Loopback.ServiceSettings(), events);
        await recorder.StartAsync();
        await using var tokenize = Hosts.TokenizeWorker(servers.TokenizeSettings(620, "jobs_resume"));
        await tokenize.StartAsync();
        var settings = servers.TrainerSettings("jobs_resume", "killed", tokensPerRun: Steps * 128, checkpointEvery: 100, minNewTokens: 1);
        using (var doomed = ServiceProcess.Start("trainer", "Sluice.Trainer", settings))
        {
            await Polling.UntilAsync(
                async () => await QueueStatistics.ReadAsync(servers.Loopback.Rabbit, "trainer") is { Consumers: > 0 } q ? q : null,
                "the trainer process to consume: " + doomed.Output);
            await recorder.Services.GetRequiredService<IBus>().Publish(cleaned);
            await events.WaitUntilAsync(e => e.CheckpointSaved.Any(c => c.Step >= 100) || doomed.HasExited, Polling.Patience, "the trainer process to save step 100: " + doomed.Output);
            doomed.Kill();
        }

        Assert.NotEmpty(events.CheckpointSaved);
        Assert.DoesNotContain(events.CheckpointSaved, c => c.Step == Steps);
        var killedAt = events.CheckpointSaved.Max(c => c.Step);

        // Its replacement works elsewhere, so what it resumes from can only be the lake.
        var replacementSettings = new Dictionary<string, string?>(settings) { ["Trainer:WorkFolder"] = settings["Trainer:WorkFolder"] + "-replacement" };
        using (var replacement = ServiceProcess.Start("trainer", "Sluice.Trainer", replacementSettings))
        {
            await events.WaitUntilAsync(e => e.CheckpointSaved.Any(c => c.Step == Steps) || !e.TrainingFailed.IsEmpty || replacement.HasExited, Polling.Patience, "the replacement to finish the run: " + replacement.Output);
            Assert.Empty(events.TrainingFailed);
        }

        var saved = events.CheckpointSaved.ToList();
        Assert.Equal(Enumerable.Range(1, Steps / 100).Select(i => i * 100L), saved.Select(c => c.Step).Order());
        Assert.All(saved, c => Assert.Equal("run-000001", c.RunId));
        var interrupted = Losses(events, "killed");

        // The same line, uninterrupted, on the same tokens.
        var tokenized = Assert.Single(events.Tokenized);
        var whole = servers.TrainerSettings("jobs_resume_whole", "whole", tokensPerRun: Steps * 128, checkpointEvery: 100, minNewTokens: 1);
        // A process of its own, as the interrupted run's were (the trainer queue is durable: the message waits for it).
        using (var worker = ServiceProcess.Start("trainer", "Sluice.Trainer", whole))
        {
            await recorder.Services.GetRequiredService<IBus>().Publish(tokenized);
            await events.WaitUntilAsync(
                e => e.CheckpointSaved.Any(c => c.Model == "whole" && c.Step == Steps) || !e.TrainingFailed.IsEmpty || worker.HasExited, Polling.Patience, "the uninterrupted run: " + worker.Output);
        }

        Assert.Empty(events.TrainingFailed);
        var uninterrupted = Losses(events, "whole");
        Assert.Equal(Enumerable.Range(1, Steps).Select(s => (long)s), uninterrupted.Keys);
        var differing = uninterrupted.Where(s => !interrupted.TryGetValue(s.Key, out var loss) || loss != s.Value).Select(s => $"step {s.Key}: {s.Value} uninterrupted, {interrupted.GetValueOrDefault(s.Key)} resumed").Take(5).ToList();
        Assert.True(differing.Count == 0, $"The resumed run's losses differ (killed after step {killedAt}): {string.Join("; ", differing)}");
        Assert.Equal(uninterrupted, interrupted);
        await tokenize.StopAsync();
        await recorder.StopAsync();
    }

    // Long enough that the kill after the first checkpoint lands mid-run.
    private const int Steps = 2000;

    private static int Runs(WebApplication worker) => worker.Services.GetRequiredService<TrainingLineJob>().RunCount;

    private static List<string> TokenKeys(Tokenized tokenized) =>
        tokenized.Train.Shards.Concat(tokenized.Validation.Shards).Select(s => s.Tokens.Key).Order(StringComparer.Ordinal).ToList();

    private static async Task<DatasetManifest> DatasetAsync(IObjectStore lake, StoredObjectRef dataset) =>
        JsonSerializer.Deserialize<DatasetManifest>(await LakeContents.ReadAllAsync(lake, dataset.Key), Json)!;

    // The loss each step last reported (a step trained again after a resume reports again), by step.
    private static SortedDictionary<long, double> Losses(RecordedEvents events, string model)
    {
        var losses = new SortedDictionary<long, double>();
        foreach (var progress in events.TrainingProgress.Where(p => p.Model == model))
        {
            losses[progress.Step] = progress.Loss;
        }

        return losses;
    }
}
