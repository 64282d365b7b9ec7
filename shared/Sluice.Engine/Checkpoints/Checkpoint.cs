using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Sluice.Engine.Training;
using Sluice.Tokenizer;

namespace Sluice.Engine.Checkpoints;

/// <summary>
/// A complete checkpoint folder: <c>model.safetensors</c> (weights), <c>optimizer.safetensors</c> (AdamW moments and
/// step), <c>rng.safetensors</c> (generator state), <c>config.json</c> (the model), <c>training.json</c> (options,
/// step, data position), optionally <c>tokenizer.sluice.json</c>, and <c>manifest.json</c>, written last, with every
/// file's size and SHA-256. Runs keep checkpoints in <c>&lt;run&gt;/checkpoints/&lt;step, 8 digits&gt;/</c>.
/// Checkpoints of the libtorch 1.13 engine (manifest version 1, one <c>model.pt</c>) are read too.
/// </summary>
public sealed class Checkpoint
{
    /// <summary>The weights file (safetensors, engine tensor names).</summary>
    public const string ModelFile = ModelStateFiles.Weights;

    /// <summary>The single state file of version 1 checkpoints, written by the libtorch 1.13 engine.</summary>
    public const string LegacyModelFile = "model.pt";

    /// <summary>The manifest version this engine writes.</summary>
    public const int CurrentVersion = 2;

    /// <summary>The model configuration file.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>The training options and position file.</summary>
    public const string TrainingFile = "training.json";

    /// <summary>The run's tokenizer in Sluice's tokenizer file format (tiktoken's encoder JSON), when the run named one.</summary>
    public const string TokenizerFileName = "tokenizer.sluice.json";

    /// <summary>The manifest, written last.</summary>
    public const string ManifestFile = "manifest.json";

    private Checkpoint(string folder, CheckpointManifest manifest, ModelConfig config, TrainingRecord training)
    {
        Folder = folder;
        Manifest = manifest;
        Config = config;
        Training = training;
    }

    /// <summary>The checkpoint folder.</summary>
    public string Folder { get; }

    /// <summary>The manifest.</summary>
    public CheckpointManifest Manifest { get; }

    /// <summary>The model's configuration.</summary>
    public ModelConfig Config { get; }

    /// <summary>The run's options and position.</summary>
    public TrainingRecord Training { get; }

    /// <summary>The tokenizer the run trained with, when the checkpoint carries one.</summary>
    public BpeTokenizer? LoadTokenizer() =>
        Manifest.Files.Any(f => f.Name == TokenizerFileName) ? TokenizerFile.Load(Path.Combine(Folder, TokenizerFileName)) : null;

    /// <summary>The folder for <paramref name="step"/>'s checkpoint inside a run folder.</summary>
    public static string FolderFor(string runFolder, long step) =>
        Path.Combine(runFolder, "checkpoints", step.ToString("D8", CultureInfo.InvariantCulture));

    /// <summary>
    /// Writes a checkpoint of <paramref name="model"/> into <paramref name="folder"/>; the manifest is written last
    /// (to a temporary name, then renamed), so a crash at any point leaves no folder that reads as complete.
    /// </summary>
    public static Checkpoint Write(string folder, GptModel model, TrainingRecord training, string? tokenizerId, BpeTokenizer? tokenizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        model.SaveState(folder);
        File.WriteAllText(Path.Combine(folder, ConfigFile), JsonSerializer.Serialize(model.Config, EngineJson.Options));
        File.WriteAllText(Path.Combine(folder, TrainingFile), JsonSerializer.Serialize(training, EngineJson.Options));
        var names = new List<string> { ModelStateFiles.Weights, ModelStateFiles.Optimizer, ModelStateFiles.Rng, ConfigFile, TrainingFile };
        if (tokenizer is not null)
        {
            TokenizerFile.Save(tokenizer, Path.Combine(folder, TokenizerFileName));
            names.Add(TokenizerFileName);
        }

        var files = names.Select(name => Describe(Path.Combine(folder, name))).ToList();
        var manifest = new CheckpointManifest(CheckpointManifest.FormatName, CurrentVersion, training.Position.Step, tokenizerId, DateTimeOffset.UtcNow, files);
        var temporary = Path.Combine(folder, ManifestFile + ".tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, manifest, EngineJson.Options);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path.Combine(folder, ManifestFile), overwrite: true);
        return new Checkpoint(folder, manifest, model.Config, training);
    }

    /// <summary>Reads a checkpoint manifest file (for a copy that fetches the other files it names).</summary>
    public static CheckpointManifest ReadManifest(string path) => EngineJson.Read<CheckpointManifest>(path);

    /// <summary>Opens a checkpoint folder, checking that the manifest exists and every file matches its size and hash.</summary>
    public static Checkpoint Open(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var manifestPath = Path.Combine(folder, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new CheckpointException(folder, $"{ManifestFile} is missing: the checkpoint is incomplete (or the folder is not a checkpoint)");
        }

        CheckpointManifest manifest;
        ModelConfig config;
        TrainingRecord training;
        try
        {
            manifest = EngineJson.Read<CheckpointManifest>(manifestPath);
            if (manifest.Format != CheckpointManifest.FormatName || manifest.Version is < 1 or > CurrentVersion)
            {
                throw new CheckpointException(folder, $"{ManifestFile} has format '{manifest.Format}' version {manifest.Version}, expected '{CheckpointManifest.FormatName}' version 1 to {CurrentVersion}");
            }

            string[] stateFiles = manifest.Version == 1 ? [LegacyModelFile] : [ModelStateFiles.Weights, ModelStateFiles.Optimizer, ModelStateFiles.Rng];
            foreach (var required in stateFiles.Concat([ConfigFile, TrainingFile]))
            {
                if (manifest.Files.All(f => f.Name != required))
                {
                    throw new CheckpointException(folder, $"{ManifestFile} does not list {required}");
                }
            }

            foreach (var expected in manifest.Files)
            {
                var path = Path.Combine(folder, expected.Name);
                if (!File.Exists(path))
                {
                    throw new CheckpointException(folder, $"{expected.Name} is listed in the manifest but missing");
                }

                var actual = Describe(path);
                if (actual.Bytes != expected.Bytes || actual.Sha256 != expected.Sha256)
                {
                    throw new CheckpointException(folder, $"{expected.Name} has {actual.Bytes} bytes with SHA-256 {actual.Sha256}; the manifest says {expected.Bytes} bytes with {expected.Sha256}");
                }
            }

            config = EngineJson.Read<ModelConfig>(Path.Combine(folder, ConfigFile));
            training = EngineJson.Read<TrainingRecord>(Path.Combine(folder, TrainingFile));
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointException(folder, e.Message);
        }

        return new Checkpoint(folder, manifest, config, training);
    }

    /// <summary>The complete checkpoint with the highest step in a run folder, or null; incomplete folders are skipped.</summary>
    public static Checkpoint? FindLatest(string runFolder)
    {
        var root = Path.Combine(runFolder, "checkpoints");
        if (!Directory.Exists(root))
        {
            return null;
        }

        var complete = Directory.GetDirectories(root)
            .Where(d => long.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Where(d => File.Exists(Path.Combine(d, ManifestFile)))
            .OrderByDescending(d => long.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture));
        return complete.Select(Open).FirstOrDefault();
    }

    /// <summary>
    /// Resolves a path that is either a checkpoint folder or a run folder (then its latest complete checkpoint).
    /// </summary>
    public static Checkpoint Resolve(string path)
    {
        if (File.Exists(Path.Combine(path, ManifestFile)))
        {
            return Open(path);
        }

        return FindLatest(path) ?? throw new CheckpointException(path, "neither a checkpoint folder (no manifest.json) nor a run folder with a complete checkpoint");
    }

    /// <summary>
    /// Builds the model from the checkpoint's configuration and restores its full state (weights, AdamW moments and
    /// step, generator); on <paramref name="device"/> when given, else on the configured one.
    /// </summary>
    public GptModel LoadModel(EngineDevice? device = null)
    {
        var config = device is { } d ? Config with { Device = d } : Config;
        var model = GptModel.Create(config);
        try
        {
            if (Manifest.Version == 1)
            {
                LegacyEngineState.Restore(model, Path.Combine(Folder, LegacyModelFile), Folder);
            }
            else
            {
                model.LoadState(Folder);
            }

            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static CheckpointFile Describe(string path)
    {
        using var stream = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new CheckpointFile(Path.GetFileName(path), stream.Length, hash);
    }
}
