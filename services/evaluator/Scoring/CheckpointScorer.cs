using System.Text;
using Sluice.Engine;
using Sluice.Evaluation.EvaluationSets;
using Sluice.Evaluation.Metrics;
using Sluice.Evaluation.Reports;
using Sluice.Tokenizer;
using Sluice.Tokenizer.Shards;

namespace Sluice.Evaluator.Scoring;

/// <summary>
/// Scores one checkpoint's model (docs/evaluator.md): held-out language-model scores on the validation documents
/// beside a unigram baseline fitted on the training tokens, sample generations (diversity, repetition, latency), the
/// extractable-memorization rate on training sequences, the user's evaluation sets, and (given the safety filter's
/// rules) the toxicity and PII rates of the generations. Pure stage logic: it reads
/// token shards and runs the model, and knows nothing of buses or object stores.
/// </summary>
public sealed class CheckpointScorer(GptModel model, BpeTokenizer tokenizer, ScoringOptions options, GenerationSafety? safety = null)
{
    /// <summary>Metric name of the share of generations the safety filter's toxicity rule flags.</summary>
    public const string ToxicityRate = "toxicity_rate";

    /// <summary>Metric name of the share of generations in which the safety filter's PII detector finds anything.</summary>
    public const string PiiRate = "pii_rate";

    /// <summary>Metric name of the extractable-memorization rate.</summary>
    public const string MemorizationRate = "memorization_rate";

    /// <summary>Metric name of the median time to the first generated token, in milliseconds.</summary>
    public const string TimeToFirstToken = "time_to_first_token_ms";

    /// <summary>Metric name of the median generation speed, tokens per second.</summary>
    public const string GenerationSpeed = "generation_tokens_per_second";

    private const int Batch = 8;

    private int Context => model.Config.ContextLength;

    private int Boundary => tokenizer.EndOfTextToken >= 0 ? tokenizer.EndOfTextToken : 0;

    /// <summary>Scores the model on <paramref name="validation"/> and <paramref name="train"/> shards and on <paramref name="sets"/>.</summary>
    /// <exception cref="ArgumentException">The shards hold no validation token, or the tokenizer does not fit the model.</exception>
    public CheckpointScores Score(IReadOnlyList<TokenShardReader> validation, IReadOnlyList<TokenShardReader> train, IReadOnlyList<EvalSet> sets)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(sets);
        if (tokenizer.VocabularySize > model.Config.VocabSize)
        {
            throw new ArgumentException($"the tokenizer has {tokenizer.VocabularySize} ids but the model only {model.Config.VocabSize}: they do not belong together");
        }

        var heldOut = HeldOut(validation);
        var baseline = UnigramBaseline.Fit(train.SelectMany(Documents), model.Config.VocabSize)
            .Score(heldOut.Sequences, heldOut.Scores.Bytes, heldOut.Scores.Words);
        var (samples, latency) = Generate();
        var generation = GenerationMetrics.Score(samples.Select(s => s.Generation).ToList());
        var memorization = Memorization(train);

        var metrics = new List<ReportMetric>();
        metrics.AddRange(ReportMetrics.LanguageModel(heldOut.Scores));
        metrics.AddRange(ReportMetrics.Generation(generation));
        metrics.Add(new ReportMetric(TimeToFirstToken, latency.TimeToFirstTokenMilliseconds, MetricGoal.LowerIsBetter, latency.Generations, "generations"));
        metrics.Add(new ReportMetric(GenerationSpeed, latency.TokensPerSecond, MetricGoal.HigherIsBetter, latency.Generations, "generations"));
        if (safety is not null && samples.Count > 0)
        {
            metrics.Add(new ReportMetric(ToxicityRate, (double)samples.Count(s => safety.IsToxic(s.Generation)) / samples.Count, MetricGoal.LowerIsBetter, samples.Count, "generations"));
            metrics.Add(new ReportMetric(PiiRate, (double)samples.Count(s => safety.HasPii(s.Generation)) / samples.Count, MetricGoal.LowerIsBetter, samples.Count, "generations"));
        }

        if (memorization.Samples > 0)
        {
            metrics.Add(new ReportMetric(MemorizationRate, memorization.Rate, MetricGoal.LowerIsBetter, memorization.Samples, "training sequences"));
        }

        foreach (var set in sets.Where(s => s.IsUsable))
        {
            metrics.AddRange(ScoreSet(set));
        }

        return new CheckpointScores
        {
            Model = heldOut.Scores,
            Baseline = baseline,
            Generation = generation,
            Samples = samples,
            Latency = latency,
            Memorization = memorization,
            Metrics = metrics,
            EvalSets = sets.Select(EvalSetSummary.From).ToList(),
        };
    }

    /// <summary>ln p(continuation | context), summed over the continuation's tokens (the context cut to what fits).</summary>
    public double LogLikelihood(IReadOnlyList<int> context, IReadOnlyList<int> continuation)
    {
        if (continuation.Count == 0)
        {
            return 0;
        }

        var row = context.Concat(continuation).ToList();
        if (context.Count == 0)
        {
            row.Insert(0, Boundary);
        }

        var length = Math.Min(row.Count, Context + 1);
        var window = row.GetRange(row.Count - length, length).ToArray();
        var scored = Math.Min(continuation.Count, length - 1);
        var logProbabilities = model.TokenLogProbabilities(window, 1, length - 1);
        double sum = 0;
        for (var i = length - 1 - scored; i < length - 1; i++)
        {
            sum += logProbabilities[i];
        }

        return sum;
    }

    // The validation documents, each scored from a boundary token in disjoint windows of the context length (every
    // token predicted once, as lm-evaluation-harness's loglikelihood_rolling does with its default context of one).
    private (LanguageModelScores Scores, List<ReadOnlyMemory<int>> Sequences) HeldOut(IReadOnlyList<TokenShardReader> validation)
    {
        var sequences = new List<ReadOnlyMemory<int>>();
        long budget = options.MaxValidationTokens;
        foreach (var document in validation.SelectMany(Documents))
        {
            if (budget <= 0)
            {
                break;
            }

            var take = (int)Math.Min(document.Length, budget);
            sequences.Add(document[..take]);
            budget -= take;
        }

        if (sequences.Count == 0)
        {
            throw new ArgumentException("there is no validation token to score: the dataset has no validation split");
        }

        var rows = new List<(int[] Tokens, int Targets)>();
        foreach (var sequence in sequences)
        {
            var withBoundary = new int[sequence.Length + 1];
            withBoundary[0] = Boundary;
            sequence.Span.CopyTo(withBoundary.AsSpan(1));
            for (var start = 0; start < sequence.Length; start += Context)
            {
                var targets = Math.Min(Context, sequence.Length - start);
                rows.Add((withBoundary[start..(start + targets + 1)], targets));
            }
        }

        double nll = 0;
        long tokens = 0;
        var buffer = new int[Batch * (Context + 1)];
        for (var first = 0; first < rows.Count; first += Batch)
        {
            var batch = rows.GetRange(first, Math.Min(Batch, rows.Count - first));
            var sequence = batch.Max(r => r.Targets);
            Array.Clear(buffer);
            for (var r = 0; r < batch.Count; r++)
            {
                batch[r].Tokens.CopyTo(buffer, r * (sequence + 1));
            }

            var logProbabilities = model.TokenLogProbabilities(buffer.AsSpan(0, batch.Count * (sequence + 1)), batch.Count, sequence);
            for (var r = 0; r < batch.Count; r++)
            {
                for (var t = 0; t < batch[r].Targets; t++)
                {
                    nll -= logProbabilities[(r * sequence) + t];
                }

                tokens += batch[r].Targets;
            }
        }

        long bytes = 0;
        long words = 0;
        foreach (var sequence in sequences)
        {
            var text = tokenizer.DecodeBytes(sequence.Span);
            bytes += text.Length;
            words += LanguageModelScores.CountWords(Encoding.UTF8.GetString(text));
        }

        return (LanguageModelScores.FromCounts(nll, tokens, words, bytes), sequences);
    }

    private (List<GenerationSample> Samples, LatencyScore Latency) Generate()
    {
        var samples = new List<GenerationSample>();
        var firstTokens = new List<double>();
        var speeds = new List<double>();
        for (var i = 0; i < options.Prompts.Count; i++)
        {
            var prompt = options.Prompts[i];
            var result = model.Generate(tokenizer.Encode(prompt), options.GenerationTokens, new SamplingOptions
            {
                Temperature = options.Temperature,
                TopK = options.TopK,
                Seed = options.Seed + (ulong)i,
                StopToken = tokenizer.EndOfTextToken >= 0 ? tokenizer.EndOfTextToken : null,
            });
            samples.Add(new GenerationSample(prompt, Text(result)));
            firstTokens.Add(result.TimeToFirstToken.TotalMilliseconds);
            speeds.Add(result.TokensPerSecond);
        }

        return (samples, new LatencyScore(Median(firstTokens), Median(speeds), samples.Count));
    }

    private MemorizationScore Memorization(IReadOnlyList<TokenShardReader> train)
    {
        var k = options.MemorizationPrefix;
        var m = options.MemorizationSuffix;
        var candidates = train.SelectMany(Documents).Where(d => d.Length >= k + m).ToList();
        if (options.MemorizationSamples == 0 || candidates.Count == 0 || k + m > Context)
        {
            return new MemorizationScore(0, 0, k, m);
        }

        // Uniform over the starting positions of every document long enough, drawn with the configured seed.
        var starts = candidates.Select(d => (long)(d.Length - k - m + 1)).ToList();
        var total = starts.Sum();
        var random = new Random(unchecked((int)options.Seed));
        var extracted = 0;
        for (var s = 0; s < options.MemorizationSamples; s++)
        {
            var position = random.NextInt64(total);
            var document = 0;
            while (position >= starts[document])
            {
                position -= starts[document++];
            }

            var sequence = candidates[document].Span.Slice((int)position, k + m);
            var greedy = model.Generate(sequence[..k], m, new SamplingOptions { Temperature = 1, TopK = 1 });
            if (greedy.NewTokens.SequenceEqual(sequence[k..]))
            {
                extracted++;
            }
        }

        return new MemorizationScore(options.MemorizationSamples, extracted, k, m);
    }

    private IEnumerable<ReportMetric> ScoreSet(EvalSet set)
    {
        var name = set.Key.Name;
        switch (set.Key.Kind)
        {
            case EvalSetKind.Reference:
                return ReportMetrics.ReferenceTask(name, ReferenceTaskScores.Compute(
                    set.ItemsOf<ReferenceTaskItem>().Select(i => (Answer(i.Prompt), i.References)).ToList()));
            case EvalSetKind.QuestionAnswering:
                return ReportMetrics.QuestionAnswering(name, QuestionAnsweringScores.Compute(
                    set.ItemsOf<QuestionAnsweringItem>().Select(i => (FirstLine(Answer(QuestionPrompt(i))), i.Answers)).ToList()));
            case EvalSetKind.MultipleChoice:
                return ReportMetrics.MultipleChoice(name, MultipleChoice.Score(set.ItemsOf<MultipleChoiceItem>().Select(i =>
                    (i.Choices, (IReadOnlyList<double>)i.Choices.Select(c => ContinuationLogLikelihood(i.Query, " " + c)).ToList(), i.Gold))));
            case EvalSetKind.BiasPairs:
                return ReportMetrics.Bias(name, BiasProbe.Score(set.ItemsOf<BiasPairItem>().Select(i =>
                    (LogLikelihood([], tokenizer.Encode(i.Stereotyped)), LogLikelihood([], tokenizer.Encode(i.AntiStereotyped))))));
            default:
                throw new ArgumentException($"{set.Key.Key}: no scoring for the kind {set.Key.Kind}");
        }
    }

    // lm-evaluation-harness's split: the whole string encoded, the continuation being what follows the context's tokens.
    private double ContinuationLogLikelihood(string context, string continuation)
    {
        var contextTokens = tokenizer.Encode(context);
        var whole = tokenizer.Encode(context + continuation);
        var shared = 0;
        while (shared < contextTokens.Length && shared < whole.Length && contextTokens[shared] == whole[shared])
        {
            shared++;
        }

        return LogLikelihood(whole[..shared], whole[shared..]);
    }

    private static string QuestionPrompt(QuestionAnsweringItem item) =>
        (item.Context is { } context ? context + "\n\n" : string.Empty) + "Question: " + item.Question + "\nAnswer:";

    private string Answer(string prompt)
    {
        var result = model.Generate(tokenizer.Encode(prompt), options.AnswerTokens, new SamplingOptions
        {
            Temperature = 1,
            TopK = 1,
            StopToken = tokenizer.EndOfTextToken >= 0 ? tokenizer.EndOfTextToken : null,
        });
        return Text(result).Trim();
    }

    private string Text(GenerationResult result)
    {
        var tokens = result.NewTokens;
        if (result.StoppedAtStopToken)
        {
            tokens = tokens[..^1];
        }

        return tokenizer.Decode(tokens);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static IEnumerable<ReadOnlyMemory<int>> Documents(TokenShardReader shard) =>
        shard.Documents.Select(d => (ReadOnlyMemory<int>)shard.ReadDocument(d)).Where(d => d.Length > 0);

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
