using System.Diagnostics;
using Sluice.Engine;

/// <summary>Trains with the Sluice engine (TorchSharp) in this process on the benchmark's batches from the shared initial weights.</summary>
internal static class SluiceWorker
{
    public static WorkerResult Train(BenchWork work, int steps, int batch, int sequence, int accumulation, bool sampleRss)
    {
        TorchRuntime.Threads = work.Settings.Threads;
        using var model = GptModel.Create(work.Model);
        model.LoadWeights(work.InitialWeights);
        var losses = new List<double>();
        var seconds = new List<double>();
        var cpu = new List<double>();
        var rss = new List<long>();
        var rows = batch * (sequence + 1);
        var batches = work.Batches;
        var timer = new Stopwatch();
        for (var s = 0; s < steps; s++)
        {
            timer.Restart();
            var cpuStart = ProcessClock.CpuSeconds();
            var loss = 0.0;
            for (var micro = 0; micro < accumulation; micro++)
            {
                var offset = (((s * accumulation) + micro) * rows) % (batches.Length - rows + 1);
                loss += model.Accumulate(batches.AsSpan(offset, rows), batch, sequence, 1.0 / accumulation);
            }

            model.OptimizerStep(BenchWork.Step);
            seconds.Add(timer.Elapsed.TotalSeconds);
            cpu.Add(ProcessClock.CpuSeconds() - cpuStart);
            losses.Add(loss / accumulation);
            if (sampleRss && (s + 1) % 50 == 0)
            {
                rss.Add(ProcessClock.Status("VmRSS"));
            }
        }

        var prompt = batches.AsSpan(0, work.Settings.PromptTokens).ToArray();
        model.Generate(prompt, 4, new SamplingOptions { Temperature = 0 });
        var generated = model.Generate(prompt, work.Settings.GenerateTokens, new SamplingOptions { Temperature = 0 });
        return new WorkerResult(losses, seconds, cpu, ProcessClock.Status("VmHWM"), generated.TimeToFirstToken.TotalMilliseconds, generated.TokensPerSecond, rss);
    }
}
