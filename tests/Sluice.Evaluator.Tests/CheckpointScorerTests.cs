using System.Text;
using Sluice.Engine;
using Sluice.Evaluation.EvaluationSets;
using Sluice.Evaluation.Metrics;
using Sluice.Evaluation.Reports;
using Sluice.Evaluator.Scoring;
using Sluice.SafetyFilter;
using Sluice.Tokenizer.Shards;

namespace Sluice.Evaluator.Tests;

public sealed class CheckpointScorerTests(BrownModels brown) : IClassFixture<BrownModels>
{
    private static readonly ScoringOptions Quick = new() { GenerationTokens = 12, MemorizationSamples = 8, MemorizationPrefix = 16, MemorizationSuffix = 16, AnswerTokens = 8 };

    [Fact]
    public void A_trained_model_beats_the_unigram_baseline_on_the_held_out_text_and_an_untrained_one_does_not()
    {
        using var untrained = GptModel.Create(brown.Config);
        using var trained = brown.Train(brown.TrainTokens(), 300);

        var before = Score(untrained, Quick);
        var after = Score(trained, Quick);

        // The baseline is the same text under the same counts either way; only the model moves.
        Assert.Equal(before.Baseline, after.Baseline);
        Assert.True(before.Model.BitsPerByte > before.Baseline.BitsPerByte, $"untrained {before.Model.BitsPerByte:F3} vs unigram {before.Baseline.BitsPerByte:F3}");
        Assert.True(after.Model.BitsPerByte < after.Baseline.BitsPerByte, $"trained {after.Model.BitsPerByte:F3} vs unigram {after.Baseline.BitsPerByte:F3}");

        // An untrained model is close to uniform over the vocabulary: loss ≈ ln V.
        Assert.InRange(before.Model.Loss, Math.Log(brown.Config.VocabSize) - 0.5, Math.Log(brown.Config.VocabSize) + 0.5);

        // Bytes and words are those of the validation documents' text (byte-level BPE decodes exactly).
        Assert.Equal(brown.ValidationText.Sum(t => (long)Encoding.UTF8.GetByteCount(t)), after.Model.Bytes);
        Assert.Equal(brown.ValidationText.Sum(LanguageModelScores.CountWords), after.Model.Words);
        using var validation = TokenShardReader.Open(brown.ValidationPath);
        Assert.Equal(validation.Documents.Sum(d => (long)validation.ReadDocument(d).Length), after.Model.Tokens);
        Assert.Equal(after.Model.BitsPerByte, after.Metrics.Single(m => m.Name == MetricNames.BitsPerByte).Value);
    }

    [Fact]
    public void The_held_out_loss_is_every_validation_token_scored_once_in_disjoint_windows_from_a_boundary_token()
    {
        using var model = brown.Train(brown.TrainTokens(), 40);
        var scores = Score(model, Quick with { Prompts = ["The"], MemorizationSamples = 0 });

        // The same sum, one window at a time, through the engine's mean loss instead of batched log-probabilities.
        using var validation = TokenShardReader.Open(brown.ValidationPath);
        var context = brown.Config.ContextLength;
        double nll = 0;
        foreach (var document in validation.Documents)
        {
            var row = new[] { brown.Tokenizer.EndOfTextToken }.Concat(validation.ReadDocument(document)).ToArray();
            for (var start = 0; start < row.Length - 1; start += context)
            {
                var targets = Math.Min(context, row.Length - 1 - start);
                nll += model.EvaluateLoss(row.AsSpan(start, targets + 1), 1, targets) * targets;
            }
        }

        Assert.Equal(nll, scores.Model.TotalNll, nll * 1e-4);
    }

    [Fact]
    public void A_model_that_memorized_its_training_text_is_caught_by_the_extraction_probe_and_an_untrained_one_is_not()
    {
        var text = brown.ValidationText[0][..1200];
        var shard = brown.Write("memorize.bin", TokenSplit.Train, [("memorize", text)]);
        var tokens = brown.Tokenizer.EncodeOrdinary(text);
        using var memorizer = brown.Train([.. tokens, brown.Tokenizer.EndOfTextToken], 500);
        using var untrained = GptModel.Create(brown.Config);
        using var train = TokenShardReader.Open(shard);
        using var validation = TokenShardReader.Open(brown.ValidationPath);
        var options = Quick with { Prompts = ["The"], MemorizationSamples = 12 };

        var memorized = new CheckpointScorer(memorizer, brown.Tokenizer, options).Score([validation], [train], []).Memorization;
        var fresh = new CheckpointScorer(untrained, brown.Tokenizer, options).Score([validation], [train], []).Memorization;

        Assert.Equal(new MemorizationScore(12, fresh.Extracted, 16, 16), fresh);
        Assert.Equal(0, fresh.Extracted);
        Assert.True(memorized.Rate >= 0.75, $"extracted {memorized.Extracted} of {memorized.Samples}");
    }

    [Fact]
    public void Generations_are_reproducible_from_the_seed_and_scored_for_diversity_and_latency()
    {
        using var model = brown.Train(brown.TrainTokens(), 40);
        var options = Quick with { MemorizationSamples = 0 };

        var first = Score(model, options);
        var again = Score(model, options);
        var reseeded = Score(model, options with { Seed = 99 });

        Assert.Equal(options.Prompts, first.Samples.Select(s => s.Prompt));
        Assert.Equal(first.Samples, again.Samples);
        Assert.NotEqual(first.Samples, reseeded.Samples);
        Assert.Equal(GenerationMetrics.Score(first.Samples.Select(s => s.Generation).ToList()), first.Generation);
        Assert.Equal(options.Prompts.Count, first.Latency.Generations);
        Assert.True(first.Latency.TokensPerSecond > 0);
        Assert.True(first.Latency.TimeToFirstTokenMilliseconds > 0);
        Assert.Contains(first.Metrics, m => m.Name == CheckpointScorer.GenerationSpeed && m.Value == first.Latency.TokensPerSecond);
        Assert.DoesNotContain(first.Metrics, m => m.Name == CheckpointScorer.MemorizationRate);
    }

    [Fact]
    public void Every_usable_evaluation_set_is_scored_and_a_refused_one_is_listed_with_its_problems_and_no_metric()
    {
        using var model = brown.Train(brown.TrainTokens(), 40);
        var broken = EvalSetLoader.Load(EvalSetKey.For("quiz", EvalSetKind.MultipleChoice), "{\"query\": \"Q\", \"choices\": [\"a\", \"b\"], \"gold\": 2}\n"u8);
        var sets = ExampleSets.LoadAll().Append(broken).ToList();

        var scores = ScoreWith(model, Quick with { Prompts = ["The"], MemorizationSamples = 0 }, sets);

        Assert.Equal(sets.Select(s => s.Key.Key), scores.EvalSets.Select(s => s.Key));
        Assert.DoesNotContain(scores.Metrics, m => m.Name.StartsWith("quiz/", StringComparison.Ordinal));
        foreach (var name in new[] { "demo/bleu", "demo/rouge1", "demo/rougeL", "demo/exact_match", "demo/f1", "demo/acc", "demo/acc_norm", "demo/stereotype_share" })
        {
            var metric = Assert.Single(scores.Metrics, m => m.Name == name);
            Assert.True(double.IsFinite(metric.Value), name);
        }

        Assert.InRange(scores.Metrics.Single(m => m.Name == "demo/acc").Value, 0, 1);
        Assert.InRange(scores.Metrics.Single(m => m.Name == "demo/stereotype_share").Value, 0, 1);
    }

    [Fact]
    public void The_safety_filters_rules_flag_toxic_and_personal_generations_and_give_their_rates()
    {
        var safety = new GenerationSafety(FlaggedWordList.FromEntries("en", ["jury", "election"]));
        Assert.True(safety.IsToxic("the jury said the election was fair"));
        Assert.False(safety.IsToxic("the committee said the vote was fair"));
        Assert.True(safety.HasPii("write to ann.smith@example.org today"));
        Assert.False(safety.HasPii("write to the city council today"));

        using var model = brown.Train(brown.TrainTokens(), 40);
        using var validation = TokenShardReader.Open(brown.ValidationPath);
        using var train = TokenShardReader.Open(brown.TrainPath);
        var scores = new CheckpointScorer(model, brown.Tokenizer, Quick with { MemorizationSamples = 0 }, safety).Score([validation], [train], []);

        var toxic = (double)scores.Samples.Count(s => safety.IsToxic(s.Generation)) / scores.Samples.Count;
        Assert.Equal(toxic, scores.Metrics.Single(m => m.Name == CheckpointScorer.ToxicityRate).Value);
        Assert.Equal((double)scores.Samples.Count(s => safety.HasPii(s.Generation)) / scores.Samples.Count, scores.Metrics.Single(m => m.Name == CheckpointScorer.PiiRate).Value);
        Assert.Equal(scores.Samples.Count, scores.Metrics.Single(m => m.Name == CheckpointScorer.ToxicityRate).SampleSize);
        Assert.DoesNotContain(Score(model, Quick with { MemorizationSamples = 0 }).Metrics, m => m.Name == CheckpointScorer.ToxicityRate);
    }

    [Fact]
    public void The_LDNOOBW_word_lists_come_with_the_build()
    {
        Assert.False(GenerationSafety.Default().HasPii("nothing personal here"));
        Assert.True(GenerationSafety.Default().IsToxic("shit shit shit"));
    }

    [Fact]
    public void A_continuations_log_likelihood_is_the_sum_of_its_tokens_log_probabilities_given_the_context()
    {
        using var model = brown.Train(brown.TrainTokens(), 40);
        var scorer = new CheckpointScorer(model, brown.Tokenizer, Quick);
        var context = brown.Tokenizer.Encode("The jury said");
        var continuation = brown.Tokenizer.Encode(" that the election was");

        var row = context.Concat(continuation).ToArray();
        var logProbabilities = model.TokenLogProbabilities(row, 1, row.Length - 1);
        var expected = logProbabilities.Skip(context.Length - 1).Sum(p => (double)p);

        Assert.Equal(expected, scorer.LogLikelihood(context, continuation), 1e-4);
        Assert.True(scorer.LogLikelihood(context, continuation) < 0);
        Assert.Equal(0, scorer.LogLikelihood(context, []));
    }

    private CheckpointScores Score(GptModel model, ScoringOptions options) => ScoreWith(model, options, []);

    private CheckpointScores ScoreWith(GptModel model, ScoringOptions options, IReadOnlyList<EvalSet> sets)
    {
        using var train = TokenShardReader.Open(brown.TrainPath);
        using var validation = TokenShardReader.Open(brown.ValidationPath);
        return new CheckpointScorer(model, brown.Tokenizer, options).Score([validation], [train], sets);
    }
}
