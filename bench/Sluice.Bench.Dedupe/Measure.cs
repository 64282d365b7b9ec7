using System.Diagnostics;

namespace Sluice.Bench.Dedupe;

/// <summary>Times repeated passes of a piece of work (wall clock and this process's CPU time) and reports the medians.</summary>
internal static class Measure
{
    public static Timing Passes(int passes, Action pass) =>
        PassesAsync(passes, () =>
        {
            pass();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    public static async Task<Timing> PassesAsync(int passes, Func<Task> pass)
    {
        var wall = new List<double>(passes);
        var cpu = new List<double>(passes);
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < passes; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await pass();
            wall.Add(watch.Elapsed.TotalSeconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
        }

        return new Timing(Median(wall), Median(cpu));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
