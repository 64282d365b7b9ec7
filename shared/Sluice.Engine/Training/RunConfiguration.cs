namespace Sluice.Engine.Training;

/// <summary>
/// What <c>sluice train --config</c> names: a model preset (<see cref="ModelConfig.Presets"/>) with default training
/// options, or a JSON file <c>{"preset": "gpt2-tiny", "model": {…}, "training": {…}}</c> whose <c>model</c> and
/// <c>training</c> objects use the property names of <see cref="ModelConfig"/> and <see cref="TrainingOptions"/> in
/// camelCase; a file with a preset takes the preset's model and overrides only the properties it lists.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="Training">The training options.</param>
/// <param name="VocabularyFromData">True when the configuration came from a preset and the model should adopt the token shards' vocabulary size.</param>
public sealed record RunConfiguration(ModelConfig Model, TrainingOptions Training, bool VocabularyFromData)
{
    /// <summary>Loads a preset name or a configuration file; throws naming the file and the problem.</summary>
    public static RunConfiguration Load(string presetOrFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(presetOrFile);
        if (ModelConfig.Presets.TryGetValue(presetOrFile, out var preset))
        {
            return new RunConfiguration(preset, new TrainingOptions { SequenceLength = Math.Min(256, preset.ContextLength) }, VocabularyFromData: true);
        }

        if (!File.Exists(presetOrFile))
        {
            throw new FileNotFoundException($"--config '{presetOrFile}' is neither a preset ({string.Join(", ", ModelConfig.Presets.Keys)}) nor an existing file", presetOrFile);
        }

        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(presetOrFile))?.AsObject()
            ?? throw new InvalidDataException($"{presetOrFile} is not a JSON object");
        var presetName = root["preset"]?.GetValue<string>();
        var model = presetName is null ? new ModelConfig() : ModelConfig.Preset(presetName);
        if (root["model"] is { } modelNode)
        {
            model = Merge(model, modelNode.AsObject(), presetOrFile);
        }

        var training = root["training"] is { } trainingNode ? Merge(new TrainingOptions(), trainingNode.AsObject(), presetOrFile) : new TrainingOptions();
        model.Validate();
        training.ValidateFor(model);
        return new RunConfiguration(model, training, VocabularyFromData: presetName is not null && root["model"]?["vocabSize"] is null);
    }

    // Overrides only the listed properties: serialise the base, overlay the file's object, read it back.
    private static T Merge<T>(T baseline, System.Text.Json.Nodes.JsonObject overrides, string file)
    {
        var merged = System.Text.Json.JsonSerializer.SerializeToNode(baseline, EngineJson.Options)!.AsObject();
        foreach (var (key, value) in overrides)
        {
            if (!merged.ContainsKey(key))
            {
                throw new InvalidDataException($"{file}: unknown {typeof(T).Name} property '{key}'; known: {string.Join(", ", merged.Select(p => p.Key))}");
            }

            merged[key] = value?.DeepClone();
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<T>(merged, EngineJson.Options) ?? throw new InvalidDataException($"{file}: {typeof(T).Name} is null");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{file}: invalid {typeof(T).Name}: {e.Message}", e);
        }
    }
}
