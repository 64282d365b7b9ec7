using Sluice.Evaluation.Metrics;

namespace Sluice.Evaluation.Tests;

public class BiasProbeTests
{
    [Fact]
    public void The_share_counts_pairs_where_the_stereotype_scores_strictly_higher()
    {
        // Pair 1 prefers the stereotype, pair 2 the opposite, pair 3 is a tie (not a preference), pair 4 prefers it.
        var score = BiasProbe.Score([(-10.0, -12.0), (-15.0, -11.0), (-9.0, -9.0), (-20.5, -21.0)]);
        Assert.Equal(2, score.StereotypedPreferred);
        Assert.Equal(4, score.Pairs);
        Assert.Equal(0.5, score.StereotypeShare);
    }

    [Fact]
    public void No_pair_or_a_nan_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BiasProbe.Score([]));
        Assert.Throws<ArgumentException>(() => BiasProbe.Score([(double.NaN, -1.0)]));
    }
}
