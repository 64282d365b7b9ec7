using Sluice.Engine;
using Sluice.Engine.Training;
using Sluice.Hosting;

namespace Sluice.Training.Lines;

/// <summary>
/// One model line, configured once (<c>Trainer:Lines:&lt;i&gt;:…</c>): its shape, the tokenizer it trains with, how much
/// each run trains, when a run starts, and the optimizer and schedule. Every run of the line trains on a newer dataset
/// version and, after the first, continues from the line's latest checkpoint.
/// </summary>
public sealed class ModelLineOptions
{
    /// <summary>The line's name (kebab-case: <c>checkpoints/&lt;name&gt;/</c>, <c>datasets/&lt;name&gt;/</c>). Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The model preset (<c>gpt2-tiny</c>, <c>gpt2-mini</c>, <c>gpt2</c>, …; <see cref="ModelConfig.Presets"/>). Default <c>gpt2-tiny</c>.</summary>
    public string Preset { get; set; } = "gpt2-tiny";

    /// <summary>Transformer blocks, overriding the preset's.</summary>
    public int? Layers { get; set; }

    /// <summary>Attention heads, overriding the preset's.</summary>
    public int? Heads { get; set; }

    /// <summary>Model width, overriding the preset's.</summary>
    public int? EmbeddingSize { get; set; }

    /// <summary>Context length, overriding the preset's.</summary>
    public int? ContextLength { get; set; }

    /// <summary>Dropout, overriding the preset's.</summary>
    public double? Dropout { get; set; }

    /// <summary>
    /// The tokenizer the line trains with. Default empty: the tokenizer of the token shards the first dataset is built
    /// from (the one with the most training tokens). Shards of any other tokenizer are refused, naming both.
    /// </summary>
    public string TokenizerId { get; set; } = string.Empty;

    /// <summary>A run starts once at least this many new training tokens arrived since the line's last dataset (or on <c>StartTraining</c>). Default 1,000,000.</summary>
    public long MinNewTokens { get; set; } = 1_000_000;

    /// <summary>
    /// Validation tokens each dataset version should have: where tokenize's split gave fewer, whole newly arrived train
    /// shards are held out (<see cref="DatasetValidation"/>). 0 turns it off. Default 65,536.
    /// </summary>
    public long MinValidationTokens { get; set; } = 65_536;

    /// <summary>The most of a dataset's tokens that validation may take to reach <see cref="MinValidationTokens"/>. Default 0.1.</summary>
    public double MaxValidationShare { get; set; } = 0.1;

    /// <summary>Training tokens per run; 0 sizes the run by <see cref="Epochs"/> over its dataset. Default 0.</summary>
    public long TokensPerRun { get; set; }

    /// <summary>Passes over the dataset's training tokens per run, when <see cref="TokensPerRun"/> is 0. Default 1.</summary>
    public double Epochs { get; set; } = 1;

    /// <summary>
    /// In a run that continues the line: the share of training windows drawn from the shards new in its dataset
    /// version (the rest from the older ones). Default empty: all of the data, sampled in proportion to tokens.
    /// </summary>
    public double? NewDataShare { get; set; }

    /// <summary>Rows per micro-batch. Default 8.</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>Tokens per row (at most the context length). Default 128.</summary>
    public int SequenceLength { get; set; } = 128;

    /// <summary>Micro-batches per optimizer step. Default 1.</summary>
    public int AccumulationSteps { get; set; } = 1;

    /// <summary>Peak learning rate. Default 1e-3.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Learning rate at the end of the cosine decay. Default 1e-4.</summary>
    public double MinLearningRate { get; set; } = 1e-4;

    /// <summary>Warmup steps of a line's first run. Default 20.</summary>
    public int WarmupSteps { get; set; } = 20;

    /// <summary>Warmup steps of a run that continues the line (re-warmup from the previous run's state). Default 10.</summary>
    public int RewarmupSteps { get; set; } = 10;

    /// <summary>AdamW weight decay on matrices. Default 0.1.</summary>
    public double WeightDecay { get; set; } = 0.1;

    /// <summary>Global gradient-norm clip; 0 disables it. Default 1.</summary>
    public double MaxGradNorm { get; set; } = 1.0;

    /// <summary>Validation loss every this many steps (and at the last step), when the dataset has a validation split. Default 50.</summary>
    public int EvalEvery { get; set; } = 50;

    /// <summary>Checkpoint every this many steps (and at the last step). Default 50.</summary>
    public int CheckpointEvery { get; set; } = 50;

    /// <summary>Also a checkpoint when this many seconds passed since the last one. Default 300.</summary>
    public double CheckpointIntervalSeconds { get; set; } = 300;

    /// <summary>Checkpoints of a run kept in the object store: the newest this many, plus the line's best and each run's last. Default 3.</summary>
    public int KeepCheckpoints { get; set; } = 3;

    /// <summary>Seed of the initialisation and the data sampler. Default 1337.</summary>
    public ulong Seed { get; set; } = 1337;

    /// <summary>libtorch threads; 0 uses every core. Fix it for bit-exact resumes. Default 0.</summary>
    public int Threads { get; set; }

    /// <summary>The model this line trains, for a tokenizer of <paramref name="vocabularySize"/> ids.</summary>
    public ModelConfig Model(int vocabularySize)
    {
        var preset = ModelConfig.Preset(Preset);
        return preset with
        {
            VocabSize = vocabularySize,
            Layers = Layers ?? preset.Layers,
            Heads = Heads ?? preset.Heads,
            EmbeddingSize = EmbeddingSize ?? preset.EmbeddingSize,
            ContextLength = ContextLength ?? preset.ContextLength,
            Dropout = Dropout ?? preset.Dropout,
            Seed = Seed,
        };
    }

    /// <summary>The training options of one run of <paramref name="steps"/> steps; a continuing run warms up for <see cref="RewarmupSteps"/>.</summary>
    public TrainingOptions Training(int steps, bool continuing, bool validate) => new()
    {
        BatchSize = BatchSize,
        SequenceLength = SequenceLength,
        AccumulationSteps = AccumulationSteps,
        MaxSteps = steps,
        LearningRate = LearningRate,
        MinLearningRate = Math.Min(MinLearningRate, LearningRate),
        WarmupSteps = Math.Min(continuing ? RewarmupSteps : WarmupSteps, steps),
        WeightDecay = WeightDecay,
        MaxGradNorm = MaxGradNorm,
        EvalEvery = validate ? EvalEvery : 0,
        CheckpointEvery = CheckpointEvery,
        CheckpointIntervalSeconds = CheckpointIntervalSeconds,
        KeepCheckpoints = 2,
        DataSeed = Seed,
        Threads = Threads,
    };

    /// <summary>Optimizer steps for a run over <paramref name="trainTokens"/> training tokens.</summary>
    public int StepsFor(long trainTokens)
    {
        var tokensPerStep = (long)BatchSize * SequenceLength * AccumulationSteps;
        var budget = TokensPerRun > 0 ? TokensPerRun : (long)Math.Ceiling(Epochs * trainTokens);
        return (int)Math.Clamp((budget + tokensPerStep - 1) / tokensPerStep, 1, int.MaxValue);
    }

    /// <summary>Every problem with this line, named by <paramref name="key"/>.</summary>
    public IEnumerable<string> FindProblems(string key)
    {
        if (Name.Length == 0 || !Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            yield return $"{key}:Name '{Name}' is not a kebab-case name (a-z, 0-9, '-')";
        }

        if (!ModelConfig.Presets.ContainsKey(Preset))
        {
            yield return $"{key}:Preset '{Preset}' is not one of {string.Join(", ", ModelConfig.Presets.Keys)}";
            yield break;
        }

        foreach (var problem in OptionsProblems.From(key, () => Model(257).Validate()))
        {
            yield return problem;
        }

        foreach (var problem in OptionsProblems.From(key, () => Training(1, continuing: false, validate: true).ValidateFor(Model(257))))
        {
            yield return problem;
        }

        if (MinNewTokens < 0 || TokensPerRun < 0 || Epochs <= 0 || double.IsNaN(Epochs))
        {
            yield return $"{key}: MinNewTokens and TokensPerRun must not be negative and Epochs must be positive";
        }

        if (MinValidationTokens < 0 || double.IsNaN(MaxValidationShare) || MaxValidationShare is < 0 or >= 1)
        {
            yield return $"{key}: MinValidationTokens must not be negative and MaxValidationShare must be at least 0 and below 1";
        }

        if (NewDataShare is { } share && (double.IsNaN(share) || share is <= 0 or >= 1))
        {
            yield return $"{key}:NewDataShare {share} is not between 0 and 1 (exclusive); leave it empty to sample by tokens";
        }

        if (KeepCheckpoints < 1 || RewarmupSteps < 0)
        {
            yield return $"{key}: KeepCheckpoints must be at least 1 and RewarmupSteps not negative";
        }

        if (TokenizerId.Length > 0 && (TokenizerId.Length != 64 || !TokenizerId.All(char.IsAsciiHexDigitLower)))
        {
            yield return $"{key}:TokenizerId '{TokenizerId}' is not a tokenizer id (64 lower-case hex digits)";
        }
    }
}
