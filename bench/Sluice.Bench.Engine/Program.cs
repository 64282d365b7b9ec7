using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Sluice.Engine;

// Trains the same GPT model with the Sluice engine and with PyTorch in Python (Debian python3-torch: the same
// libtorch) on identical batches, at the same thread count, alternating the two, and prints tokens/s of both, their
// ratio, and whether the per-step losses agree.
var settings = BenchSettings.Parse(args);
TorchRuntime.Threads = settings.Threads;
var model = ModelConfig.Preset(settings.Preset) with { Seed = 1337, Dropout = 0, Device = settings.Device, Bf16Autocast = true };
var width = settings.Sequence + 1;
var random = new Random(20260522);
var batches = new int[settings.Steps * settings.Accumulation * settings.Batch * width];
for (var i = 0; i < batches.Length; i++)
{
    batches[i] = random.Next(model.VocabSize);
}

var work = Directory.CreateTempSubdirectory("sluice-bench-engine-").FullName;
var batchesFile = Path.Combine(work, "batches.i32");
File.WriteAllBytes(batchesFile, MemoryMarshal.AsBytes(batches.AsSpan()).ToArray());
var step = new AdamWStep(6e-4, 0.9, 0.95, 1e-8, 0.1, 1.0);
var peerConfig = Path.Combine(work, "config.json");
File.WriteAllText(peerConfig, JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["vocab"] = model.VocabSize, ["context"] = model.ContextLength, ["layers"] = model.Layers, ["heads"] = model.Heads,
    ["width"] = model.EmbeddingSize, ["seed"] = model.Seed, ["threads"] = settings.Threads, ["steps"] = settings.Steps,
    ["accumulation"] = settings.Accumulation, ["batch"] = settings.Batch, ["sequence"] = settings.Sequence,
    ["lr"] = step.LearningRate, ["beta1"] = step.Beta1, ["beta2"] = step.Beta2, ["eps"] = step.Epsilon,
    ["weight_decay"] = step.WeightDecay, ["clip"] = step.MaxGradNorm,
}));

long parameters;
using (var probe = GptModel.Create(model))
{
    parameters = probe.ParameterCount;
}

var tokensPerStep = (double)settings.Batch * settings.Sequence * settings.Accumulation;
if (settings.Device == EngineDevice.Cuda)
{
    // GPU: no Python peer on the device host; tokens/s and MFU against the H100's dense bf16 peak.
    var flopsPerToken = Sluice.Engine.Training.FlopsEstimate.PerToken(model, parameters, settings.Sequence);
    Console.WriteLine($"engine benchmark (cuda, bf16 autocast): {settings.Preset} ({parameters:N0} parameters), batch {settings.Batch} x {settings.Sequence} x {settings.Accumulation}, {settings.Steps} steps");
    Console.WriteLine(TorchRuntime.Describe().Split('\n').Take(6).Aggregate((a, b) => a + "; " + b));
    for (var run = 1; run <= settings.Runs; run++)
    {
        var (_, gpuSeconds) = RunSluice(model, settings, batches, width, step);
        var rate = Rate(gpuSeconds, tokensPerStep);
        Console.WriteLine($"run {run}: {rate:N0} tokens/s, MFU {flopsPerToken * rate / 989e12:P1} of 989 TFLOP/s");
    }

    return;
}

Console.WriteLine($"engine benchmark: {settings.Preset} ({parameters:N0} parameters), batch {settings.Batch} x {settings.Sequence} tokens x {settings.Accumulation} accumulation, {settings.Steps} steps (first is warm-up), {settings.Threads} threads, {settings.Runs} runs");
Console.WriteLine(TorchRuntime.Describe().Split('\n').Take(6).Aggregate((a, b) => a + "; " + b));
Console.WriteLine($"{"run",4} {"sluice tok/s",13} {"pytorch tok/s",14} {"ratio",7} {"losses equal",13} {"max |diff|",11}");
var ratios = new List<double>();
for (var run = 1; run <= settings.Runs; run++)
{
    var peer = RunPeer(peerConfig, batchesFile);
    var (ours, oursSeconds) = RunSluice(model, settings, batches, width, step);
    var oursRate = Rate(oursSeconds, tokensPerStep);
    var peerRate = Rate(peer.Seconds, tokensPerStep);
    var equal = ours.Zip(peer.Losses).Count(p => p.First == p.Second);
    var maxDiff = ours.Zip(peer.Losses).Max(p => Math.Abs(p.First - p.Second));
    ratios.Add(oursRate / peerRate);
    Console.WriteLine($"{run,4} {oursRate,13:N0} {peerRate,14:N0} {oursRate / peerRate,7:F2} {equal,6}/{ours.Count,-6} {maxDiff,11:E1}");
    if (run == 1)
    {
        Console.WriteLine($"     losses step 1..3: sluice {string.Join(", ", ours.Take(3).Select(l => l.ToString("F6", CultureInfo.InvariantCulture)))}; pytorch {string.Join(", ", peer.Losses.Take(3).Select(l => l.ToString("F6", CultureInfo.InvariantCulture)))}");
    }
}

ratios.Sort();
Console.WriteLine($"median ratio sluice/pytorch: {ratios[ratios.Count / 2]:F2}");
Directory.Delete(work, recursive: true);

static double Rate(IReadOnlyList<double> seconds, double tokensPerStep) => tokensPerStep * (seconds.Count - 1) / seconds.Skip(1).Sum();

static (List<double> Losses, List<double> Seconds) RunSluice(ModelConfig config, BenchSettings settings, int[] batches, int width, AdamWStep step)
{
    using var model = GptModel.Create(config);
    var losses = new List<double>();
    var seconds = new List<double>();
    var rows = settings.Batch * width;
    var timer = new Stopwatch();
    for (var s = 0; s < settings.Steps; s++)
    {
        timer.Restart();
        var loss = 0.0;
        for (var micro = 0; micro < settings.Accumulation; micro++)
        {
            var offset = ((s * settings.Accumulation) + micro) * rows;
            loss += model.Accumulate(batches.AsSpan(offset, rows), settings.Batch, settings.Sequence, 1.0 / settings.Accumulation);
        }

        model.OptimizerStep(step);
        seconds.Add(timer.Elapsed.TotalSeconds);
        losses.Add(loss / settings.Accumulation);
    }

    return (losses, seconds);
}

static (List<double> Losses, List<double> Seconds) RunPeer(string config, string batchesFile)
{
    var start = new ProcessStartInfo("/usr/bin/python3")
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "peer_train.py"));
    start.ArgumentList.Add(config);
    start.ArgumentList.Add(batchesFile);
    using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
    var stderr = process.StandardError.ReadToEndAsync();
    var stdout = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"peer_train.py exited with {process.ExitCode} (is Debian's python3-torch installed?): {stderr.Result}");
    }

    using var json = JsonDocument.Parse(stdout);
    var losses = json.RootElement.GetProperty("losses").EnumerateArray().Select(e => e.GetDouble()).ToList();
    var seconds = json.RootElement.GetProperty("seconds").EnumerateArray().Select(e => e.GetDouble()).ToList();
    return (losses, seconds);
}

internal sealed record BenchSettings(string Preset, int Threads, int Steps, int Batch, int Sequence, int Accumulation, int Runs, EngineDevice Device)
{
    public static BenchSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var settings = new BenchSettings(
            values.GetValueOrDefault("preset", "gpt2-tiny"), Int("threads", 2), Int("steps", 8), Int("batch", 8),
            Int("sequence", 256), Int("accumulation", 1), Int("runs", 3),
            Enum.Parse<EngineDevice>(values.GetValueOrDefault("device", "cpu"), ignoreCase: true));
        if (settings.Steps < 2 || settings.Threads < 1 || settings.Batch < 1 || settings.Sequence < 1 || settings.Accumulation < 1 || settings.Runs < 1)
        {
            throw new ArgumentException("steps must be at least 2 and every other number positive");
        }

        return settings;
    }
}
