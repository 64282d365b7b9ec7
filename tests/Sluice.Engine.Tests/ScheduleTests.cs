using Sluice.Engine.Training;

namespace Sluice.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class ScheduleTests
{
    [Fact]
    public void Warmup_is_linear_and_decay_is_a_cosine_to_the_minimum()
    {
        var schedule = new LearningRateSchedule(1e-3, 1e-4, 10, 110);
        Assert.Equal(1e-4, schedule.At(1), 12);
        Assert.Equal(5e-4, schedule.At(5), 12);
        Assert.Equal(1e-3, schedule.At(10), 12);
        Assert.Equal(1e-4 + (0.5 * 9e-4), schedule.At(60), 12);
        Assert.Equal(1e-4, schedule.At(110), 12);
        Assert.Equal(1e-4, schedule.At(500), 12);
        for (var step = 11; step < 110; step++)
        {
            Assert.True(schedule.At(step + 1) < schedule.At(step));
        }
    }

    [Fact]
    public void Options_name_the_invalid_property()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingOptions { WarmupSteps = 5, MaxSteps = 2 }.Validate());
        Assert.Contains("WarmupSteps", error.Message);
        var tooLong = Assert.Throws<ArgumentException>(() => new TrainingOptions { SequenceLength = 64 }.ValidateFor(TinyModels.Config()));
        Assert.Contains("context length 32", tooLong.Message);
    }

    [Fact]
    public void Flops_per_token_is_six_n_plus_attention()
    {
        var config = new Sluice.Engine.ModelConfig();
        Assert.Equal((6.0 * 124_439_808) + (12.0 * 12 * 12 * 64 * 1024), FlopsEstimate.PerToken(config, 124_439_808, 1024));
    }
}
