using Sluice.Evaluation.Metrics;

namespace Sluice.Evaluation.Tests;

public class MultipleChoiceTests
{
    [Fact]
    public void Acc_takes_the_highest_log_likelihood_and_acc_norm_divides_by_characters()
    {
        // -10 over 1 character is -10 per character; -12 over 13 characters is about -0.92: acc picks 0, acc_norm 1.
        double[] logLikelihoods = [-10, -12];
        string[] choices = ["a", "longer answer"];
        Assert.Equal(0, MultipleChoice.Predict(logLikelihoods));
        Assert.Equal(1, MultipleChoice.PredictNormalized(logLikelihoods, choices));
    }

    [Fact]
    public void Length_is_in_code_points_not_bytes()
    {
        // "é😀" is 2 code points (6 UTF-8 bytes, 3 UTF-16 units); "abc" is 3. Per code point: -4/2 = -2 vs -5/3 ≈ -1.67 → "abc".
        // Per byte it would be -4/6 ≈ -0.67 vs -5/3 → the other way round.
        Assert.Equal(1, MultipleChoice.PredictNormalized([-4, -5], ["é😀", "abc"]));
    }

    [Fact]
    public void Ties_go_to_the_first_choice_as_numpy_argmax()
    {
        Assert.Equal(0, MultipleChoice.Predict([-1, -1, -2]));
    }

    [Fact]
    public void A_set_reports_both_accuracies()
    {
        var scores = MultipleChoice.Score(
        [
            (["a", "longer answer"], [-10.0, -12.0], 1),
            (["yes", "no"], [-1.0, -3.0], 0),
            (["x", "y"], [-5.0, -1.0], 0),
        ]);
        Assert.Equal(1.0 / 3, scores.Accuracy, 12);
        Assert.Equal(2.0 / 3, scores.NormalizedAccuracy, 12);
        Assert.Equal(3, scores.Questions);
    }

    [Fact]
    public void A_gold_index_outside_the_choices_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MultipleChoice.Score([(["a", "b"], [-1.0, -2.0], 2)]));
    }
}
