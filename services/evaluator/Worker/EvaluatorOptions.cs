using Sluice.Evaluator.Scoring;
using Sluice.Hosting;

namespace Sluice.Evaluator.Worker;

/// <summary>The evaluator's settings, bound from the <c>Evaluator</c> section (docs/evaluator.md).</summary>
public sealed class EvaluatorOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Evaluator";

    /// <summary>
    /// Besides each run's last checkpoint, evaluate every checkpoint whose step is a multiple of this. Default 0: only
    /// the last checkpoint of each run.
    /// </summary>
    public long EveryCheckpointSteps { get; set; }

    /// <summary>The regression gate's margin: a checkpoint becomes the best only when its bits per byte are below the best's by this share. Default 0.</summary>
    public double MinimumRelativeImprovement { get; set; }

    /// <summary>The sample prompts; empty uses the built-in ones.</summary>
    public List<string> Prompts { get; set; } = [];

    /// <summary>Tokens sampled per prompt. Default 48.</summary>
    public int GenerationTokens { get; set; } = 48;

    /// <summary>Seed of the generations and the memorization sample. Default 1234.</summary>
    public ulong Seed { get; set; } = 1234;

    /// <summary>Validation tokens scored at most. Default 262,144.</summary>
    public long MaxValidationTokens { get; set; } = 262_144;

    /// <summary>Training sequences the memorization probe samples (k = m = 32). Default 64; 0 skips it.</summary>
    public int MemorizationSamples { get; set; } = 64;

    /// <summary>Whether the built-in example evaluation sets are scored beside the lake's <c>evalsets/</c> (a lake set of the same key wins). Default true.</summary>
    public bool ExampleSets { get; set; } = true;

    /// <summary>
    /// The local folder for the checkpoint and shards an evaluation reads (a cache: the object store is the record).
    /// Default empty: <c>sluice-evaluator</c> under the system temp folder.
    /// </summary>
    public string WorkFolder { get; set; } = string.Empty;

    /// <summary>The work folder, resolved.</summary>
    public string EffectiveWorkFolder => WorkFolder.Length > 0 ? WorkFolder : Path.Combine(Path.GetTempPath(), "sluice-evaluator");

    /// <summary>The scoring options these settings give.</summary>
    public ScoringOptions Scoring()
    {
        var scoring = new ScoringOptions { GenerationTokens = GenerationTokens, Seed = Seed, MaxValidationTokens = MaxValidationTokens, MemorizationSamples = MemorizationSamples };
        return Prompts.Count > 0 ? scoring with { Prompts = Prompts } : scoring;
    }

    /// <summary>Whether a checkpoint of step <paramref name="step"/> out of <paramref name="maxSteps"/> is evaluated.</summary>
    public bool Evaluates(long step, long maxSteps) => step == maxSteps || (EveryCheckpointSteps > 0 && step % EveryCheckpointSteps == 0);

    /// <inheritdoc />
    public IEnumerable<string> FindProblems()
    {
        if (EveryCheckpointSteps < 0)
        {
            yield return $"{SectionName}:EveryCheckpointSteps {EveryCheckpointSteps} is negative";
        }

        if (MinimumRelativeImprovement is < 0 or >= 1 || double.IsNaN(MinimumRelativeImprovement))
        {
            yield return $"{SectionName}:MinimumRelativeImprovement {MinimumRelativeImprovement} is not in [0, 1)";
        }

        foreach (var problem in Scoring().FindProblems())
        {
            yield return $"{SectionName}: {problem}";
        }
    }
}
