using System.Globalization;

namespace Sluice.Evaluation.Gate;

/// <summary>
/// Decides whether a checkpoint replaces its line's current best, on the primary metric, bits per byte (lower is
/// better): the first checkpoint of a line is promoted; later ones are promoted only when strictly below
/// <c>best · (1 − margin)</c> (<see cref="GateOptions.MinimumRelativeImprovement"/>); a tie declines; a value that is
/// not a finite, non-negative number (a diverged run) declines.
/// </summary>
public static class RegressionGate
{
    /// <summary>The decision for a candidate.</summary>
    /// <param name="candidateBitsPerByte">The new checkpoint's bits per byte.</param>
    /// <param name="currentBestBitsPerByte">The line's current best, or null when the line has none yet.</param>
    /// <param name="options">Null for <see cref="GateOptions.Default"/>.</param>
    public static GateDecision Decide(double candidateBitsPerByte, double? currentBestBitsPerByte, GateOptions? options = null)
    {
        options ??= GateOptions.Default;
        var margin = options.MinimumRelativeImprovement;
        if (!(margin >= 0 && margin < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), margin, "MinimumRelativeImprovement is in [0, 1).");
        }

        if (currentBestBitsPerByte is { } b && !(double.IsFinite(b) && b >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(currentBestBitsPerByte), b, "A current best is a finite, non-negative number.");
        }

        var candidate = candidateBitsPerByte;
        if (!(double.IsFinite(candidate) && candidate >= 0))
        {
            var delta = currentBestBitsPerByte is { } bestOfLine ? candidate - bestOfLine : (double?)null;
            return new GateDecision(GateVerdict.Decline, candidate, currentBestBitsPerByte, delta, null, margin,
                $"bits per byte is {Format(candidate)}, not a finite number: the run has diverged or the evaluation failed.");
        }

        if (currentBestBitsPerByte is not { } best)
        {
            return new GateDecision(GateVerdict.Promote, candidate, null, null, null, margin,
                $"first evaluated checkpoint of the line ({Format(candidate)} bits per byte).");
        }

        var difference = candidate - best;
        double? relative = best > 0 ? difference / best : null;
        var threshold = best * (1 - margin);
        var promote = candidate < threshold;
        var required = margin > 0 ? $"below {Format(threshold)} ({Format(margin * 100)} % under the best)" : "below the best";
        var reason = promote
            ? $"{Format(candidate)} bits per byte improves on the best {Format(best)} by {Format(-difference)}, {required} as required."
            : difference == 0
                ? $"{Format(candidate)} bits per byte ties the best {Format(best)}; promotion needs a value {required}."
                : $"{Format(candidate)} bits per byte against the best {Format(best)} (Δ {Format(difference)}); promotion needs a value {required}.";
        return new GateDecision(promote ? GateVerdict.Promote : GateVerdict.Decline, candidate, best, difference, relative, margin, reason);
    }

    private static string Format(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture);
}
