using Sluice.Hosting;

namespace Sluice.Training.Lines;

/// <summary>The trainer's settings, bound from the <c>Trainer</c> section: its model lines and where it works locally.</summary>
public sealed class TrainerOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Trainer";

    /// <summary>
    /// The model lines (<c>Trainer:Lines:0:Name</c>, …). Default: one line, <c>demo</c>: a <c>gpt2-tiny</c> trained for four
    /// epochs per run at a peak learning rate of 3e-3, a run once 100,000 new training tokens arrived; on two cores it
    /// trains the demo corpus (about 150,000 training tokens) in about two minutes.
    /// </summary>
    public List<ModelLineOptions> Lines { get; set; } = [];

    /// <summary>
    /// The local folder holding the shards a run reads and its checkpoints before upload (a cache: the object store is
    /// the record). Default empty: <c>sluice-trainer</c> under the system temp folder.
    /// </summary>
    public string WorkFolder { get; set; } = string.Empty;

    /// <summary>
    /// When true, runs start only on <c>StartTraining</c>, never on arriving data alone (the embedded run asks once
    /// everything is tokenized, so its run trains on the whole drop). Default false.
    /// </summary>
    public bool StartOnRequestOnly { get; set; }

    /// <summary>Seconds between <c>TrainingProgress</c> events of a run. Default 1.</summary>
    public double ProgressIntervalSeconds { get; set; } = 1;

    /// <summary>The lines, or the default line when none is configured.</summary>
    public IReadOnlyList<ModelLineOptions> EffectiveLines => Lines.Count > 0 ? Lines : [new ModelLineOptions { Name = "demo", Epochs = 4, MinNewTokens = 100_000, LearningRate = 3e-3 }];

    /// <summary>The work folder, resolved.</summary>
    public string EffectiveWorkFolder => WorkFolder.Length > 0 ? WorkFolder : Path.Combine(Path.GetTempPath(), "sluice-trainer");

    /// <summary>The line of that name, or null.</summary>
    public ModelLineOptions? Line(string name) => EffectiveLines.FirstOrDefault(l => l.Name == name);

    /// <inheritdoc />
    public IEnumerable<string> FindProblems()
    {
        var lines = EffectiveLines;
        for (var i = 0; i < lines.Count; i++)
        {
            foreach (var problem in lines[i].FindProblems($"{SectionName}:Lines:{i}"))
            {
                yield return problem;
            }
        }

        foreach (var duplicate in lines.GroupBy(l => l.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"{SectionName}:Lines: the name '{duplicate.Key}' is used {duplicate.Count()} times";
        }

        if (ProgressIntervalSeconds is < 0 or > 3600 || double.IsNaN(ProgressIntervalSeconds))
        {
            yield return $"{SectionName}:ProgressIntervalSeconds {ProgressIntervalSeconds} is not between 0 and 3600";
        }
    }
}
