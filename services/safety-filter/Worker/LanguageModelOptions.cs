using Sluice.Hosting;

namespace Sluice.SafetyFilter.Worker;

/// <summary>Where the worker finds the text it trains the language identifier from, and where it caches the model; bound from the <c>LanguageModel</c> section.</summary>
public sealed class LanguageModelOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "LanguageModel";

    /// <summary>
    /// The Debian fortune databases the model is trained from on first use (packages fortunes, fortunes-es, fortunes-de,
    /// fortunes-it, fortunes-pl, fortunes-ru, fortunes-cs, fortunes-br). Default <c>/usr/share/games/fortunes</c>.
    /// </summary>
    public string FortunesRoot { get; set; } = FortuneTrainingCorpus.DefaultRoot;

    /// <summary>
    /// The folder holding the trained model (<c>langid-fortunes-&lt;fingerprint&gt;.bin</c>); a model found there is loaded
    /// instead of trained. Default empty: <c>$XDG_CACHE_HOME/sluice</c> or <c>~/.cache/sluice</c>.
    /// </summary>
    public string CacheFolder { get; set; } = string.Empty;

    /// <inheritdoc />
    public IEnumerable<string> FindProblems()
    {
        if (string.IsNullOrWhiteSpace(FortunesRoot))
        {
            yield return "LanguageModel:FortunesRoot is empty";
        }
    }
}
