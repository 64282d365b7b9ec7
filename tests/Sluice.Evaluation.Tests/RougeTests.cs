using Sluice.Evaluation.Metrics;

namespace Sluice.Evaluation.Tests;

public class RougeTests
{
    // The expected values below are rouge-score's own unit tests (rouge/rouge_scorer_test.py): target first.
    [Fact]
    public void Rouge1_matches_rouge_score()
    {
        var score = Rouge.Score("testing one two", "testing").Rouge1;
        Assert.Equal(1.0, score.Precision, 12);
        Assert.Equal(1.0 / 3, score.Recall, 12);
        Assert.Equal(1.0 / 2, score.F1, 12);
    }

    [Fact]
    public void Rouge2_matches_rouge_score()
    {
        var score = Rouge.Score("testing one two", "testing one").Rouge2;
        Assert.Equal(1.0, score.Precision, 12);
        Assert.Equal(1.0 / 2, score.Recall, 12);
        Assert.Equal(2.0 / 3, score.F1, 12);
    }

    [Theory]
    [InlineData("testing one")]
    [InlineData("testing two")]
    public void RougeL_matches_rouge_score_for_consecutive_and_gapped_subsequences(string prediction)
    {
        var score = Rouge.Score("testing one two", prediction).RougeL;
        Assert.Equal(1.0, score.Precision, 12);
        Assert.Equal(2.0 / 3, score.Recall, 12);
        Assert.Equal(4.0 / 5, score.F1, 12);
    }

    [Fact]
    public void An_empty_prediction_scores_zero_everywhere()
    {
        var scores = Rouge.Score("testing one two", "");
        Assert.All([scores.Rouge1, scores.Rouge2, scores.RougeL], s => Assert.Equal(RougeScore.Zero, s));
    }

    [Fact]
    public void A_hand_computed_example_with_repeated_words()
    {
        // target "the cat the cat sat" (the×2, cat×2, sat), prediction "the cat sat sat":
        // ROUGE-1 overlap min(2,1)+min(2,1)+min(1,2) = 3 → P 3/4, R 3/5.
        // ROUGE-2: target the-cat×2, cat-the, cat-sat; prediction the-cat, cat-sat, sat-sat → overlap 2 → P 2/3, R 2/4.
        // ROUGE-L: LCS "the cat sat" = 3 → P 3/4, R 3/5.
        var scores = Rouge.Score("The cat, the cat sat.", "the CAT sat sat");
        Assert.Equal((0.75, 0.6), (scores.Rouge1.Precision, scores.Rouge1.Recall));
        Assert.Equal(2 * 0.75 * 0.6 / 1.35, scores.Rouge1.F1, 12);
        Assert.Equal(2.0 / 3, scores.Rouge2.Precision, 12);
        Assert.Equal(0.5, scores.Rouge2.Recall, 12);
        Assert.Equal((0.75, 0.6), (scores.RougeL.Precision, scores.RougeL.Recall));
    }

    [Fact]
    public void With_several_targets_each_variant_keeps_its_best_target()
    {
        // Against "a b c d" the prediction "a b x y" has ROUGE-1 F1 0.5 and ROUGE-2 F1 1/3; against "x y z" it has
        // ROUGE-1 F1 4/7 and ROUGE-2 F1 0.4: the second target wins both.
        var best = Rouge.ScoreBest(["a b c d", "x y z"], "a b x y");
        Assert.Equal(2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3), best.Rouge1.F1, 12);
        Assert.Equal(Rouge.Score("x y z", "a b x y").Rouge2, best.Rouge2);
    }

    [Theory]
    [InlineData("Hello, World! It's 9am.", new[] { "hello", "world", "it", "s", "9am" })]
    [InlineData("café naïve", new[] { "caf", "na", "ve" })]
    [InlineData("under_score--dash", new[] { "under", "score", "dash" })]
    [InlineData("İstanbul", new[] { "i", "stanbul" })]
    public void The_tokenizer_keeps_ascii_letters_and_digits_only(string text, string[] expected)
    {
        Assert.Equal(expected, RougeTokenizer.Tokenize(text));
    }
}
