using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Stages;
using Sluice.Storage;
using Sluice.Testing;
using Sluice.Tokenize;
using Sluice.Tokenize.Worker;
using Sluice.Tokenizer;

// Usage: Sluice.Bench.Tokenize [encoding] [passes]. The stage runs as the worker runs it (read the cleaned shard from a
// folder lake, check its hash, tokenize on every core, write and verify the token shards), so its CPU time includes
// Parquet decoding, hashing and file writes; the bare encoder is EncodeOrdinary over the same texts on one thread.
var encoding = args.Length > 0 ? args[0] : "cl100k_base";
var passes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var tokenizer = TiktokenEncodings.Get(encoding);
var documents = BrownCorpus.Documents().Select(d => Document.Create(d.Text, "drop/brown/" + d.Name, "file", "{}")).ToList();
var megabytes = documents.Sum(d => Encoding.UTF8.GetByteCount(d.Text)) / 1e6;
var root = Directory.CreateTempSubdirectory("sluice-bench-tokenize-");
try
{
    var lake = ObjectStore.OpenFolder(root.FullName);
    var cleaned = await WriteCleanedShardAsync(lake, documents);
    var options = new TokenizeOptions { Tokenizer = { Encoding = encoding } };
    var runner = new ShardRunner(lake, TimeProvider.System, new ShardQuarantine(lake, TimeProvider.System, NullLogger<ShardQuarantine>.Instance), NullLogger<ShardRunner>.Instance);
    var events = new CollectedEvents();
    var stage = new TokenizeStage(tokenizer, options);
    Task<ShardRun<TokenSplits>?> RunStageAsync() => runner.RunAsync(stage, new ShardInput(cleaned.Source, cleaned.Output), TokenShardOutput.For(tokenizer, options), run => run, events, CancellationToken.None);

    Console.WriteLine($"Tokenize stage vs bare encoder: {encoding}, Brown corpus as one cleaned shard ({documents.Count} documents, {megabytes:F2} MB of text), {Environment.ProcessorCount} cores, best of {passes}");
    await RunStageAsync();
    foreach (var document in documents)
    {
        tokenizer.EncodeOrdinary(document.Text);
    }

    double bestStageWall = double.MaxValue, bestStageCpu = double.MaxValue, bestBare = double.MaxValue;
    long tokens = 0;
    for (var pass = 0; pass < passes; pass++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var tokenized = (await RunStageAsync() ?? throw new InvalidOperationException("the shard was quarantined")).Output;
        bestStageWall = Math.Min(bestStageWall, wall.Elapsed.TotalSeconds);
        bestStageCpu = Math.Min(bestStageCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        tokens = tokenized.Train.TokenCount + tokenized.Validation.TokenCount;

        // The bare encoder on one thread while the main thread waits: the process's CPU time is that thread's.
        var thread = new Thread(() =>
        {
            foreach (var document in documents)
            {
                tokenizer.EncodeOrdinary(document.Text);
            }
        });
        var bareCpu = Process.GetCurrentProcess().TotalProcessorTime;
        thread.Start();
        thread.Join();
        bestBare = Math.Min(bestBare, (Process.GetCurrentProcess().TotalProcessorTime - bareCpu).TotalSeconds);
    }

    var stagePerCore = megabytes / bestStageCpu;
    var barePerCore = megabytes / bestBare;
    Console.WriteLine($"tokens written (documents + <|endoftext|>): {tokens:N0}");
    Console.WriteLine($"stage        {megabytes / bestStageWall,8:F2} MB/s wall on {Environment.ProcessorCount} cores, {stagePerCore,8:F2} MB/s per CPU second");
    Console.WriteLine($"bare encoder {barePerCore,8:F2} MB/s per CPU second (one thread)");
    Console.WriteLine($"ratio stage/bare per core: {stagePerCore / barePerCore:F2}");
}
finally
{
    root.Delete(recursive: true);
}

static async Task<Cleaned> WriteCleanedShardAsync(IObjectStore lake, IReadOnlyList<Document> documents)
{
    var source = new string('a', 64);
    var lineage = new ShardLineage("safety-filter", $"docs/dedup/{source}/input.parquet", source, new string('b', 64));
    ShardInfo shard;
    await using (var writer = new DocumentShardWriter(new LakeShardSink(lake), lineage, part => $"docs/clean/{source}/bench-{part:D5}.parquet", new DocumentShardOptions { TargetShardBytes = long.MaxValue / 2 }))
    {
        foreach (var document in documents)
        {
            await writer.WriteAsync(document);
        }

        shard = (await writer.CompleteAsync()).Single();
    }

    var output = new StoredObjectRef { Key = shard.Key, Sha256 = shard.Sha256, ByteCount = shard.ByteCount, RecordCount = shard.RowCount };
    return new Cleaned { Source = new SourceObjectRef { Key = "drop/brown", Sha256 = source, ByteCount = 1 }, Input = output, Output = output, StageConfigHash = new string('c', 64), OccurredAt = DateTimeOffset.UtcNow };
}
