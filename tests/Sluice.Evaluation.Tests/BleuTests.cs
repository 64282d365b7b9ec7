using System.Globalization;
using System.Text.Json;
using Sluice.Evaluation.Metrics;

namespace Sluice.Evaluation.Tests;

public class BleuTests
{
    // sacreBLEU's README ("Using SacreBLEU from Python", BLEU().corpus_score): sacreBLEU's reference streams, one
    // per reference set, here turned into references per hypothesis.
    private static readonly string[] ReadmeHypotheses = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
    private static readonly IReadOnlyList<string>[] ReadmeReferences =
    [
        ["The dog bit the man.", "The dog had bit the man."],
        ["It was not unexpected.", "No one was surprised."],
        ["The man bit him first.", "The man had bitten the dog."],
    ];

    // sacreBLEU's test/test_sentence_bleu.py (the example of its issue #98).
    private const string RomanianReference = "producţia de zahăr brut se exprimă în zahăr alb;";
    private const string RomanianHypothesis = "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;";

    [Fact]
    public void Corpus_bleu_matches_the_sacrebleu_readme_example()
    {
        // README: BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)
        var score = Bleu.Corpus(ReadmeHypotheses, ReadmeReferences);
        Assert.Equal(48.53, Math.Round(score.Score, 2));
        Assert.Equal([82.4, 50.0, 45.5, 37.5], score.Precisions.Select(p => Math.Round(p, 1)));
        Assert.Equal(0.943, Math.Round(score.BrevityPenalty, 3));
        Assert.Equal(17, score.HypothesisLength);
        Assert.Equal(18, score.ReferenceLength);
    }

    [Theory]
    [InlineData(BleuSmoothing.Exp, null, BleuTokenization.Mteval13a, 8.493)]
    [InlineData(BleuSmoothing.None, null, BleuTokenization.Mteval13a, 0.0)]
    [InlineData(BleuSmoothing.Floor, null, BleuTokenization.Mteval13a, 4.51688)]
    [InlineData(BleuSmoothing.Floor, 0.1, BleuTokenization.Mteval13a, 4.51688)]
    [InlineData(BleuSmoothing.Floor, 0.5, BleuTokenization.Mteval13a, 10.10)]
    [InlineData(BleuSmoothing.AddK, null, BleuTokenization.Mteval13a, 14.882)]
    [InlineData(BleuSmoothing.AddK, 2.0, BleuTokenization.Mteval13a, 21.389)]
    [InlineData(BleuSmoothing.Exp, null, BleuTokenization.None, 7.347)]
    public void Sentence_bleu_matches_the_sacrebleu_test_suite(BleuSmoothing smoothing, double? value, BleuTokenization tokenization, double expected)
    {
        // sacreBLEU's test tolerance is 1e-3.
        var options = BleuOptions.Sentence with { Smoothing = smoothing, SmoothValue = value, Tokenization = tokenization };
        var score = Bleu.Sentence(RomanianHypothesis, [RomanianReference], options);
        Assert.True(Math.Abs(score.Score - expected) < 1e-3, $"{score.Score} vs {expected}");
    }

    [Theory]
    [InlineData(BleuSmoothing.Exp)]
    [InlineData(BleuSmoothing.None)]
    [InlineData(BleuSmoothing.Floor)]
    [InlineData(BleuSmoothing.AddK)]
    public void A_sentence_without_any_match_scores_zero_whatever_the_smoothing(BleuSmoothing smoothing)
    {
        // sacreBLEU's test_sentence_bleu.py, the example of its issue #141.
        var score = Bleu.Sentence("this is a cat", ["okay thanks"], BleuOptions.Sentence with { Smoothing = smoothing });
        Assert.Equal(0.0, score.Score);
    }

    [Fact]
    public void A_hand_computed_sentence_with_exp_smoothing()
    {
        // hyp "the cat sat on the mat", ref "the cat is on the mat": matches 5/6, 3/5, 1/4, 0/3; exp smoothing makes
        // the 4-gram precision 1/(2·3); equal lengths, so BP = 1.
        var score = Bleu.Corpus(["the cat sat on the mat"], [["the cat is on the mat"]]);
        var expected = 100 * Math.Pow(5.0 / 6 * (3.0 / 5) * (1.0 / 4) * (1.0 / 6), 0.25);
        Assert.Equal(expected, score.Score, 10);
        Assert.Equal([5L, 3, 1, 0], score.Matches);
        Assert.Equal([6L, 5, 4, 3], score.Totals);
    }

    [Fact]
    public void The_brevity_penalty_uses_the_closest_reference_and_the_shorter_one_on_a_tie()
    {
        // 4 words against references of 3 and 5 words: both 1 away, the shorter (3) is taken, so c > r and BP = 1.
        var tie = Bleu.Corpus(["a b c d"], [["a b c", "a b c d e"]]);
        Assert.Equal(3, tie.ReferenceLength);
        Assert.Equal(1.0, tie.BrevityPenalty);
        // 2 words against 4: BP = exp(1 − 4/2).
        var shorter = Bleu.Corpus(["a b"], [["a b c d"]]);
        Assert.Equal(Math.Exp(1 - 4.0 / 2), shorter.BrevityPenalty, 12);
    }

    [Fact]
    public void Corpus_bleu_agrees_with_nltk_where_the_two_definitions_coincide()
    {
        // NLTK's corpus_bleu and sacreBLEU's agree when every order has a match in the corpus (so no smoothing
        // applies) and every hypothesis has 4-grams (NLTK counts a missing order's total as 1). The same 13a words
        // go to both.
        var corpora = new List<(string[] Hypotheses, IReadOnlyList<string>[] References)>
        {
            (ReadmeHypotheses, ReadmeReferences),
            (["The lamp by the window burned until the morning came.", "Rain fell on the old tin roof all night, and nobody slept."],
             [["The lamp by the window burned all night until morning.", "A lamp burned by the window until the morning came."],
              ["Rain fell on the tin roof all night; nobody slept."]]),
        };
        corpora.AddRange(RandomCorpora(seed: 7, count: 12));
        var words = corpora.Select(c => new
        {
            hypotheses = c.Hypotheses.Select(h => Bleu.Words(h)).ToArray(),
            references = c.References.Select(r => r.Select(x => Bleu.Words(x)).ToArray()).ToArray(),
        }).ToArray();
        var nltk = PythonPeer.Run("nltk_bleu.py", JsonSerializer.Serialize(words))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => double.Parse(line, CultureInfo.InvariantCulture))
            .ToArray();
        Assert.Equal(corpora.Count, nltk.Length);
        var compared = 0;
        for (var i = 0; i < corpora.Count; i++)
        {
            var ours = Bleu.Corpus(corpora[i].Hypotheses, corpora[i].References);
            var coincide = ours.Matches.All(m => m > 0) && words[i].hypotheses.All(h => h.Count >= 4);
            if (coincide)
            {
                Assert.True(Math.Abs(ours.Score / 100 - nltk[i]) < 1e-12, $"corpus {i}: ours {ours.Score / 100}, NLTK {nltk[i]}");
                compared++;
            }
        }

        Assert.True(compared >= 8, $"only {compared} corpora had no order without a match");
    }

    [Theory]
    [InlineData("Hello, world.", "Hello , world .")]
    [InlineData("It cost $3.50 (or 3,000 yen).", "It cost $ 3.50 ( or 3,000 yen ) .")]
    [InlineData("pages 10-12 and well-known", "pages 10 - 12 and well-known")]
    [InlineData("a &amp; b &lt;c&gt; &quot;d&quot;", "a & b < c > \" d \"")]
    [InlineData("line one-\nline two\n<skipped>end", "line oneline two end")]
    [InlineData("don't stop", "don't stop")]
    public void The_13a_tokenizer_splits_as_mteval_v13a(string input, string expected)
    {
        Assert.Equal(expected, Mteval13aTokenizer.Tokenize(input));
    }

    [Fact]
    public void Lowercase_option_lowers_before_matching()
    {
        Assert.Equal(0.0, Bleu.Sentence("THE CAT", ["the cat"]).Score);
        Assert.Equal(100.0, Bleu.Sentence("THE CAT", ["the cat"], BleuOptions.Sentence with { Lowercase = true }).Score, 10);
    }

    [Fact]
    public void Empty_references_are_left_out_and_a_hypothesis_needs_one()
    {
        Assert.Equal(100.0, Bleu.Sentence("a b c d", ["", "a b c d"]).Score, 10);
        Assert.Throws<ArgumentException>(() => Bleu.Sentence("a b c d", [""]));
        Assert.Throws<ArgumentException>(() => Bleu.Corpus(["a"], []));
    }

    private static IEnumerable<(string[] Hypotheses, IReadOnlyList<string>[] References)> RandomCorpora(int seed, int count)
    {
        string[] vocabulary = ["the", "river", "ran", "past", "a", "mill", "and", "over", "stones", "quietly", "old", "bridge", ",", "."];
        var random = new Random(seed);
        string Sentence(int min, int max) => string.Join(' ', Enumerable.Range(0, random.Next(min, max)).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
        for (var c = 0; c < count; c++)
        {
            var size = random.Next(3, 9);
            var hypotheses = new string[size];
            var references = new IReadOnlyList<string>[size];
            for (var i = 0; i < size; i++)
            {
                hypotheses[i] = Sentence(5, 14);
                // A reference that shares a stretch of the hypothesis, so higher orders match somewhere.
                var shared = string.Join(' ', hypotheses[i].Split(' ').Take(random.Next(2, 6)));
                references[i] = Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"{Sentence(0, 4)} {shared} {Sentence(1, 8)}".Trim()).ToArray();
            }

            yield return (hypotheses, references);
        }
    }
}
