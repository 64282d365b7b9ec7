using System.Globalization;
using Sluice.Engine.Training;

namespace Sluice.Cli;

/// <summary>
/// The training progress line: step, a bar, loss, tokens/s and MFU, redrawn in place on a terminal; on redirected
/// output one line per validation, checkpoint or tenth of the run instead.
/// </summary>
internal sealed class TrainingProgressBar(TextWriter output, bool redirected)
{
    private const int Width = 24;

    public void Report(StepReport step)
    {
        var filled = (int)(Width * step.Step / Math.Max(1, step.MaxSteps));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"step {step.Step,6}/{step.MaxSteps} [{new string('#', filled)}{new string('.', Width - filled)}] loss {step.Loss:F4} | {step.TokensPerSecond,9:N0} tok/s | mfu {step.Mfu:P1} | lr {step.LearningRate:E2}");
        var notable = step.ValidationLoss is not null || step.CheckpointFolder is not null;
        if (step.ValidationLoss is { } validation)
        {
            line += string.Create(CultureInfo.InvariantCulture, $" | val {validation:F4}");
        }

        if (redirected)
        {
            if (notable || step.Step == 1 || step.Step % Math.Max(1, step.MaxSteps / 10) == 0)
            {
                output.WriteLine(line);
            }

            return;
        }

        output.Write("\r" + line.PadRight(Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 160) : line.Length));
        if (notable)
        {
            output.WriteLine();
        }
    }

    public void Finish()
    {
        if (!redirected)
        {
            output.WriteLine();
        }
    }
}
