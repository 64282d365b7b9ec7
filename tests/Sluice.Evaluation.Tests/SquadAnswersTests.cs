using Sluice.Evaluation.Metrics;

namespace Sluice.Evaluation.Tests;

public class SquadAnswersTests
{
    [Theory]
    [InlineData("The  Quick, brown fox!", "quick brown fox")]
    [InlineData("an apple a day", "apple day")]
    [InlineData("Theatre of the absurd", "theatre of absurd")]
    [InlineData("  U.S.A.  ", "usa")]
    [InlineData("l'été—déjà", "lété—déjà")]
    public void Normalization_follows_the_squad_script(string answer, string expected)
    {
        Assert.Equal(expected, SquadAnswers.Normalize(answer));
    }

    [Fact]
    public void Exact_match_is_against_any_gold_answer()
    {
        Assert.Equal(1.0, SquadAnswers.ExactMatch("the Eiffel Tower.", ["Tour Eiffel", "Eiffel tower"]));
        Assert.Equal(0.0, SquadAnswers.ExactMatch("Eiffel", ["Eiffel tower"]));
    }

    [Fact]
    public void F1_is_token_overlap_with_the_best_gold_answer()
    {
        // "the big red dog" → [big, red, dog]; gold "red dog house" → [red, dog, house]: 2 shared, P = R = 2/3.
        Assert.Equal(2.0 / 3, SquadAnswers.F1("the big red dog", ["red dog house"]), 12);
        // A second gold answer "a red dog" → [red, dog]: P 2/3, R 1 → F1 0.8, the better one.
        Assert.Equal(0.8, SquadAnswers.F1("the big red dog", ["red dog house", "a red dog"]), 12);
        // Repeated tokens count as a multiset: [dog, dog] against [dog] shares 1 → P 1/2, R 1 → 2/3.
        Assert.Equal(2.0 / 3, SquadAnswers.F1("dog dog", ["dog"]), 12);
        Assert.Equal(0.0, SquadAnswers.F1("cat", ["dog"]));
    }

    [Fact]
    public void A_set_averages_its_questions()
    {
        var scores = QuestionAnsweringScores.Compute([("Paris", ["paris"]), ("big red dog", ["red dog house"])]);
        Assert.Equal(0.5, scores.ExactMatch, 12);
        Assert.Equal((1.0 + 2.0 / 3) / 2, scores.F1, 12);
        Assert.Equal(2, scores.Questions);
    }

    [Fact]
    public void A_question_needs_a_gold_answer()
    {
        Assert.Throws<ArgumentException>(() => SquadAnswers.F1("x", []));
    }
}
