using System.Diagnostics;
using System.Globalization;
using Sluice.Bench.Ingest;
using Sluice.Ingest;

// Ingest throughput on one core: the stage runs one object at a time on one thread (spool + hash, decode, standardize,
// parse, encode Snappy Parquet shards, hash shards). Usage: dotnet run -c Release --project bench/Sluice.Bench.Ingest [runs] [jsonl-rounds]
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;

var jsonl = BenchInputs.JsonLines(rounds);
var pages = BenchInputs.HtmlPages();
var htmlBytes = pages.Sum(p => (long)p.Bytes.Length);
var stage = new IngestStage(new IngestOptions());
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine($"inputs: jsonl {jsonl.Length / 1e6:F1} MB ({rounds} x the Brown corpus, 1 object); html {htmlBytes / 1e6:F1} MB ({pages.Count} pages, 1 object each)");
Console.WriteLine("no peer: no other ingest implementation runs here; figures are MB of input per second on one core.");

// CPU seconds of the whole process (the work runs on one thread at a time; GC and JIT count too), so the figure is
// MB per core-second even when other processes compete for the cores; wall-clock MB/s is printed beside it.
static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

async Task<Measurement> IngestJsonl()
{
    var sink = new DiscardingSink();
    var (clock, cpu) = (Stopwatch.StartNew(), Cpu());
    var result = await stage.RunAsync(new MemoryStream(jsonl), "bench/brown.jsonl", sink);
    return new Measurement(clock.Elapsed.TotalSeconds, (Cpu() - cpu).TotalSeconds, result.DocumentCount);
}

async Task<Measurement> IngestHtml()
{
    var sink = new DiscardingSink();
    var (clock, cpu) = (Stopwatch.StartNew(), Cpu());
    long documents = 0;
    foreach (var (key, bytes) in pages)
    {
        documents += (await stage.RunAsync(new MemoryStream(bytes), key, sink)).DocumentCount;
    }

    return new Measurement(clock.Elapsed.TotalSeconds, (Cpu() - cpu).TotalSeconds, documents);
}

for (var warmup = 0; warmup < 2; warmup++)
{
    await IngestJsonl();
    await IngestHtml();
}
foreach (var (name, bytes, action) in new (string, long, Func<Task<Measurement>>)[] { ("jsonl", jsonl.Length, IngestJsonl), ("html", htmlBytes, IngestHtml) })
{
    var perCore = new List<double>();
    var wall = new List<double>();
    long documents = 0;
    for (var run = 0; run < runs; run++)
    {
        var measurement = await action();
        documents = measurement.Documents;
        perCore.Add(bytes / 1e6 / measurement.CpuSeconds);
        wall.Add(bytes / 1e6 / measurement.WallSeconds);
    }

    Console.WriteLine(FormattableString.Invariant(
        $"{name,-6} median {Median(perCore),6:F1} MB/s per core-second (runs: {string.Join(", ", perCore.Order().Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}); wall clock median {Median(wall):F1} MB/s; {documents} documents per run"));
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
