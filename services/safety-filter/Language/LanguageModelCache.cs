namespace Sluice.SafetyFilter;

/// <summary>
/// Loads the language model from a cache file, or trains it from the installed fortunes on first use and writes the
/// cache. The file name carries the fortunes' fingerprint, so a changed installation retrains.
/// </summary>
public static class LanguageModelCache
{
    /// <summary>The default cache folder: <c>$XDG_CACHE_HOME/sluice</c> or <c>~/.cache/sluice</c>.</summary>
    public static string DefaultFolder
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cache))
            {
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return Path.Combine(cache, "sluice");
        }
    }

    /// <summary>Returns the cached model for <paramref name="corpus"/>, training and caching it when absent.</summary>
    public static CharNGramLanguageIdentifier LoadOrTrain(FortuneTrainingCorpus corpus, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        folder ??= DefaultFolder;
        var path = Path.Combine(folder, $"langid-fortunes-{corpus.Fingerprint()}.bin");
        if (File.Exists(path))
        {
            using var cached = File.OpenRead(path);
            return CharNGramLanguageIdentifier.Load(cached);
        }

        var model = CharNGramLanguageIdentifier.Train(corpus.Training());
        Directory.CreateDirectory(folder);
        var temporary = path + "." + Environment.ProcessId + ".tmp";
        using (var output = File.Create(temporary))
        {
            model.Save(output);
        }

        File.Move(temporary, path, overwrite: true);
        return model;
    }
}
