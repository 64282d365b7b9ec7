using System.Globalization;

namespace Sluice.Integration.Tests;

/// <summary>
/// RabbitMQ, s3rver and PostgreSQL (the job store) for the trainer tests. The broker takes a delivery back from any
/// consumer that holds it longer than <see cref="ConsumerTimeout"/>, far shorter than a training run, so a trainer that
/// trained while holding its message would have it delivered again.
/// </summary>
public sealed class TrainerServers() : PipelineServers(ConsumerTimeout)
{
    /// <summary>The broker's delivery acknowledgement timeout in these tests.</summary>
    public static readonly TimeSpan ConsumerTimeout = TimeSpan.FromSeconds(4);

    /// <summary>Jobs in PostgreSQL schema <paramref name="jobSchema"/>, with a short lease so a dead holder is replaced quickly.</summary>
    public Dictionary<string, string?> JobSettings(string jobSchema)
    {
        var settings = Loopback.ServiceSettings();
        settings["Jobs:Store"] = "Postgres";
        settings["Jobs:ConnectionString"] = Postgres.ConnectionString;
        settings["Jobs:Schema"] = jobSchema;
        settings["Jobs:LeaseSeconds"] = "3";
        settings["Jobs:PollMilliseconds"] = "200";
        return settings;
    }

    /// <summary>A tokenize worker that trains a <paramref name="vocabularySize"/>-id tokenizer on what it is sent.</summary>
    public Dictionary<string, string?> TokenizeSettings(int vocabularySize, string jobSchema)
    {
        var settings = JobSettings(jobSchema);
        settings["Tokenize:Tokenizer:Encoding"] = "train";
        settings["Tokenize:Tokenizer:VocabularySize"] = vocabularySize.ToString(CultureInfo.InvariantCulture);
        settings["Tokenize:Tokenizer:SettleSeconds"] = "1";
        settings["Tokenize:ValidationFraction"] = "0.1";
        settings["Tokenize:MinValidationTokens"] = "2000";
        return settings;
    }

    /// <summary>
    /// A trainer worker with one model line, <paramref name="line"/>: a two-block, 32-wide GPT-2 on one thread (so runs
    /// are exact to the bit), <paramref name="tokensPerRun"/> tokens a run in steps of 128, a checkpoint every
    /// <paramref name="checkpointEvery"/> steps, progress after every step, its own local work folder.
    /// </summary>
    public Dictionary<string, string?> TrainerSettings(string jobSchema, string line, long tokensPerRun, int checkpointEvery, long minNewTokens)
    {
        var settings = JobSettings(jobSchema);
        var values = new Dictionary<string, object>
        {
            ["Name"] = line,
            ["Preset"] = "gpt2-tiny",
            ["Layers"] = 2,
            ["Heads"] = 2,
            ["EmbeddingSize"] = 32,
            ["ContextLength"] = 64,
            ["BatchSize"] = 4,
            ["SequenceLength"] = 32,
            ["TokensPerRun"] = tokensPerRun,
            ["MinNewTokens"] = minNewTokens,
            ["Epochs"] = 1,
            ["LearningRate"] = 0.003,
            ["WarmupSteps"] = 5,
            ["RewarmupSteps"] = 5,
            ["EvalEvery"] = 50,
            ["CheckpointEvery"] = checkpointEvery,
            ["CheckpointIntervalSeconds"] = 3600,
            ["KeepCheckpoints"] = 2,
            ["MinValidationTokens"] = 2000,
            ["MaxValidationShare"] = 0.2,
            ["Threads"] = 1,
        };
        foreach (var (key, value) in values)
        {
            settings[$"Trainer:Lines:0:{key}"] = Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        settings["Trainer:ProgressIntervalSeconds"] = "0";
        settings["Trainer:WorkFolder"] = Path.Combine(Path.GetTempPath(), "sluice-trainer-tests", Guid.NewGuid().ToString("N"));
        return settings;
    }

    /// <summary>An evaluator with a small probe: a few short generations and memorization samples, its jobs in <paramref name="jobSchema"/>.</summary>
    public Dictionary<string, string?> EvaluatorSettings(string jobSchema)
    {
        var settings = JobSettings(jobSchema);
        settings["Evaluator:GenerationTokens"] = "16";
        settings["Evaluator:MemorizationSamples"] = "8";
        settings["Evaluator:WorkFolder"] = Path.Combine(Path.GetTempPath(), "sluice-evaluator-tests", Guid.NewGuid().ToString("N"));
        return settings;
    }
}
