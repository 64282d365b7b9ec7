using Sluice.Evaluation.Gate;

namespace Sluice.Evaluation.Tests;

public class RegressionGateTests
{
    [Fact]
    public void The_first_checkpoint_of_a_line_is_promoted()
    {
        var decision = RegressionGate.Decide(1.8, null);
        Assert.Equal(GateVerdict.Promote, decision.Verdict);
        Assert.Null(decision.Delta);
        Assert.Contains("first", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lower_value_is_promoted_with_its_delta()
    {
        var decision = RegressionGate.Decide(1.5, 1.6);
        Assert.Equal(GateVerdict.Promote, decision.Verdict);
        Assert.Equal(-0.1, decision.Delta!.Value, 12);
        Assert.Equal(-0.1 / 1.6, decision.RelativeDelta!.Value, 12);
    }

    [Fact]
    public void A_higher_value_is_declined()
    {
        var decision = RegressionGate.Decide(1.7, 1.6);
        Assert.Equal(GateVerdict.Decline, decision.Verdict);
        Assert.Equal(0.1, decision.Delta!.Value, 12);
    }

    [Fact]
    public void A_tie_is_declined()
    {
        var decision = RegressionGate.Decide(1.6, 1.6);
        Assert.Equal(GateVerdict.Decline, decision.Verdict);
        Assert.Equal(0.0, decision.Delta);
        Assert.Contains("ties", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_margin_is_relative_to_the_best()
    {
        // Best 2.0 with a 1 % margin: the threshold is 1.98; 1.99 improves but not enough, 1.97 is enough.
        var options = new GateOptions { MinimumRelativeImprovement = 0.01 };
        Assert.Equal(GateVerdict.Decline, RegressionGate.Decide(1.99, 2.0, options).Verdict);
        Assert.Equal(GateVerdict.Promote, RegressionGate.Decide(1.97, 2.0, options).Verdict);
        Assert.Equal(GateVerdict.Promote, RegressionGate.Decide(1.0, null, options).Verdict);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.5)]
    public void A_value_that_is_not_a_bits_per_byte_is_declined(double candidate)
    {
        Assert.Equal(GateVerdict.Decline, RegressionGate.Decide(candidate, 1.6).Verdict);
        Assert.Equal(GateVerdict.Decline, RegressionGate.Decide(candidate, null).Verdict);
    }

    [Fact]
    public void A_margin_outside_zero_to_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionGate.Decide(1, 2, new GateOptions { MinimumRelativeImprovement = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionGate.Decide(1, 2, new GateOptions { MinimumRelativeImprovement = -0.1 }));
    }
}
