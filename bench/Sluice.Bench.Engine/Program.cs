using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sluice.Engine;

// Trains the same GPT model, from the same initial weights on the same batches at the same thread count, with the
// Sluice engine (TorchSharp) and with PyTorch in Python (Debian's python3-torch), each in its own process,
// interleaving the two run after run. Prints tokens per CPU-second and per wall-second (medians), loss agreement, peak
// resident memory, generation speed, and resident memory over a long run. (Until the C++ bridge was removed, a third
// worker measured it in the same runs: see docs/benchmarks.md and this file's history.)
if (args is ["--worker", var kind, var folder, ..])
{
    var work = BenchWork.Open(folder);
    var s = work.Settings;
    var result = kind switch
    {
        "sluice" => SluiceWorker.Train(work, s.Steps, s.Batch, s.Sequence, s.Accumulation, sampleRss: false),
        "sluice-rss" => SluiceWorker.Train(work, s.RssSteps, s.RssBatch, s.RssSequence, 1, sampleRss: true),
        _ => throw new ArgumentException($"unknown worker {kind}"),
    };
    Console.WriteLine(JsonSerializer.Serialize(result));
    return;
}

var settings = BenchSettings.Parse(args);
var benchWork = BenchWork.Create(settings);
var tokensPerStep = (double)settings.Batch * settings.Sequence * settings.Accumulation;
Console.WriteLine($"engine benchmark: {settings.Preset}, batch {settings.Batch} x {settings.Sequence} x {settings.Accumulation} accumulation, {settings.Steps} steps per run (the first is warm-up), {settings.Threads} threads, {settings.Runs} interleaved runs");
Console.WriteLine(TorchRuntime.Describe().Replace('\n', ';'));
Console.WriteLine($"{"run",4} {"engine",-8} {"tok/CPU-s",10} {"tok/s",8} {"peak RSS MiB",13} {"max |loss - pytorch|",21} {"TTFT ms",8} {"gen tok/s",10}");

string[] engines = ["pytorch", "sluice"];
var results = engines.ToDictionary(e => e, _ => new List<WorkerResult>());
for (var run = 1; run <= settings.Runs; run++)
{
    // Rotate the order so no engine always runs first (or last) in a round.
    foreach (var engine in engines.Skip((run - 1) % engines.Length).Concat(engines.Take((run - 1) % engines.Length)))
    {
        var result = engine switch
        {
            "pytorch" => RunProcess("/usr/bin/python3", Path.Combine(AppContext.BaseDirectory, "peer_train.py"), benchWork.PeerConfig, benchWork.BatchesFile),
            _ => RunProcess("dotnet", typeof(BenchWork).Assembly.Location, "--worker", "sluice", benchWork.Folder),
        };
        results[engine].Add(result);
    }

    var reference = results["pytorch"][^1];
    foreach (var engine in engines)
    {
        var r = results[engine][^1];
        var diff = r.Losses.Zip(reference.Losses).Max(p => Math.Abs(p.First - p.Second));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{run,4} {engine,-8} {r.CpuRate(tokensPerStep),10:N0} {r.WallRate(tokensPerStep),8:N0} {r.PeakRssBytes / 1048576.0,13:N0} {diff,21:E1} {r.TimeToFirstTokenMs,8:F1} {r.GenerationTokensPerSecond,10:F1}"));
    }
}

double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

Console.WriteLine();
Console.WriteLine($"medians over {settings.Runs} runs:");
var peerCpu = Median(results["pytorch"].Select(r => r.CpuRate(tokensPerStep)));
var peerWall = Median(results["pytorch"].Select(r => r.WallRate(tokensPerStep)));
foreach (var engine in engines)
{
    var cpuRate = Median(results[engine].Select(r => r.CpuRate(tokensPerStep)));
    var wallRate = Median(results[engine].Select(r => r.WallRate(tokensPerStep)));
    var diff = results[engine].Zip(results["pytorch"]).Max(p => p.First.Losses.Zip(p.Second.Losses).Max(l => Math.Abs(l.First - l.Second)));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {engine,-8} {cpuRate,8:N0} tok/CPU-s ({cpuRate / peerCpu:F2}x pytorch)  {wallRate,8:N0} tok/s ({wallRate / peerWall:F2}x)  peak RSS {Median(results[engine].Select(r => r.PeakRssBytes / 1048576.0)):N0} MiB  " +
        $"max |loss diff| {diff:E1}  TTFT {Median(results[engine].Select(r => r.TimeToFirstTokenMs)):F1} ms  generation {Median(results[engine].Select(r => r.GenerationTokensPerSecond)):F1} tok/s"));
}

Console.WriteLine($"  losses step 1..3: sluice {string.Join(", ", results["sluice"][0].Losses.Take(3).Select(l => l.ToString("F6", CultureInfo.InvariantCulture)))}; pytorch {string.Join(", ", results["pytorch"][0].Losses.Take(3).Select(l => l.ToString("F6", CultureInfo.InvariantCulture)))}");

if (settings.RssSteps > 0)
{
    var rss = RunProcess("dotnet", typeof(BenchWork).Assembly.Location, "--worker", "sluice-rss", benchWork.Folder);
    var samples = rss.RssSamples.Select(b => (b / 1048576.0).ToString("F0", CultureInfo.InvariantCulture));
    Console.WriteLine();
    Console.WriteLine($"resident memory over {settings.RssSteps} steps (batch {settings.RssBatch} x {settings.RssSequence}), MiB every 50 steps: {string.Join(" ", samples)}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  step 100 -> {settings.RssSteps}: {(rss.RssSamples[^1] - rss.RssSamples[Math.Min(1, rss.RssSamples.Count - 1)]) / 1048576.0:+0;-0} MiB; peak RSS {rss.PeakRssBytes / 1048576.0:F0} MiB; loss {rss.Losses[0]:F3} -> {rss.Losses[^1]:F3}"));
}

Directory.Delete(benchWork.Folder, recursive: true);

static WorkerResult RunProcess(string program, params string[] arguments)
{
    var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
    var stderr = process.StandardError.ReadToEndAsync();
    var stdout = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
    }

    return JsonSerializer.Deserialize<WorkerResult>(stdout.Trim().Split('\n')[^1])!;
}
