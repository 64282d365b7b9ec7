using System.Globalization;
using Spectre.Console;

namespace Sluice.Cli.Embedded;

/// <summary>
/// Progress for output that is not a terminal (a pipe, a log, CI): one line per task each time it passes a quarter
/// (25 %, 50 %, 75 %, 100 %), printed in the order they happen, never repeated. A terminal gets live bars instead.
/// </summary>
internal sealed class PlainProgressLog(IAnsiConsole console)
{
    private readonly List<ProgressTask> tasks = [];
    private readonly Dictionary<ProgressTask, int> printedQuarters = [];
    private readonly Dictionary<ProgressTask, Func<bool>> totalKnown = [];
    private readonly Lock gate = new();

    /// <summary>
    /// Follows <paramref name="task"/> from now on; while <paramref name="isTotalKnown"/> says its maximum may still grow
    /// (a stage's shards while files are still being ingested), nothing is printed for it, so no line claims a share of
    /// a total that is not known yet.
    /// </summary>
    public void Watch(ProgressTask task, Func<bool>? isTotalKnown = null)
    {
        lock (gate)
        {
            tasks.Add(task);
            printedQuarters[task] = 0;
            totalKnown[task] = isTotalKnown ?? (() => true);
        }
    }

    /// <summary>Prints a line for each quarter a task has passed since the last call.</summary>
    public void Flush()
    {
        lock (gate)
        {
            foreach (var task in tasks)
            {
                if (!totalKnown[task]())
                {
                    continue;
                }

                var max = task.MaxValue;
                var value = Math.Min(task.Value, max);
                var quarter = max > 0 ? (int)Math.Floor(4 * value / max) : 0;
                if (quarter <= printedQuarters[task])
                {
                    continue;
                }

                printedQuarters[task] = quarter;
                var percent = (100 * value / max).ToString("0", CultureInfo.InvariantCulture);
                console.WriteLine($"{task.Description}: {percent}% ({value.ToString("0", CultureInfo.InvariantCulture)}/{max.ToString("0", CultureInfo.InvariantCulture)})");
            }
        }
    }

    /// <summary>Flushes every <paramref name="interval"/> until <paramref name="stop"/> is cancelled, then once more.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Flush();
                await Task.Delay(interval, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        Flush();
    }
}
