namespace Sluice.Engine.Training;

/// <summary>Linear warmup to the peak learning rate, then cosine decay to the minimum at the last step.</summary>
/// <param name="PeakLearningRate">The rate reached at the end of warmup.</param>
/// <param name="MinLearningRate">The rate at and after <paramref name="TotalSteps"/>.</param>
/// <param name="WarmupSteps">Steps of linear warmup.</param>
/// <param name="TotalSteps">Steps of the whole run.</param>
public sealed record LearningRateSchedule(double PeakLearningRate, double MinLearningRate, int WarmupSteps, int TotalSteps)
{
    /// <summary>The learning rate of optimizer step <paramref name="step"/> (1-based).</summary>
    public double At(long step)
    {
        if (step <= WarmupSteps)
        {
            return PeakLearningRate * step / WarmupSteps;
        }

        if (step >= TotalSteps)
        {
            return MinLearningRate;
        }

        var progress = (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps);
        return MinLearningRate + (0.5 * (1.0 + Math.Cos(Math.PI * progress)) * (PeakLearningRate - MinLearningRate));
    }
}
