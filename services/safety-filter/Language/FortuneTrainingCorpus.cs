using System.Text;

namespace Sluice.SafetyFilter;

/// <summary>
/// Language-labelled training text from Debian's fortune databases (packages fortunes, fortunes-es, fortunes-de,
/// fortunes-it, fortunes-pl, fortunes-ru, fortunes-cs, fortunes-br). English is the set of plain files in the root
/// (links there point into language folders); Portuguese is the root's <c>brasil</c> database. Every fifth fortune of each language (by position
/// in name-ordered files) is held out for evaluation; the rest is training text. The split is deterministic.
/// </summary>
public sealed class FortuneTrainingCorpus
{
    /// <summary>The standard location of the fortune databases on Debian.</summary>
    public const string DefaultRoot = "/usr/share/games/fortunes";

    /// <summary>Where each language's databases lie under the root, per ISO 639-1 code: a folder, or one database file.</summary>
    public static IReadOnlyDictionary<string, string> LanguageFolders { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["cs"] = "cs", ["de"] = "de", ["en"] = ".", ["es"] = "es", ["it"] = "it", ["pl"] = "pl", ["pt"] = "brasil", ["ru"] = "ru",
    };

    private static readonly HashSet<string> FilesOfOtherLanguages = new(StringComparer.Ordinal) { "brasil" };

    private readonly string root;

    /// <summary>Reads fortunes under <paramref name="root"/>.</summary>
    public FortuneTrainingCorpus(string root = DefaultRoot) => this.root = root;

    /// <summary>Training samples: every fortune not held out, per language.</summary>
    public IEnumerable<(string Language, string Text)> Training() => Split(held: false);

    /// <summary>Held-out samples: every fifth fortune per language.</summary>
    public IEnumerable<(string Language, string Text)> HeldOut() => Split(held: true);

    /// <summary>
    /// A fingerprint of the installed databases (names and sizes), to key a cached model and the stage configuration.
    /// Stable across processes and machines (SHA-256, not <see cref="HashCode"/>, which is seeded per process).
    /// </summary>
    public string Fingerprint()
    {
        var listing = new System.Text.StringBuilder();
        foreach (var (_, file) in Files())
        {
            listing.Append(Path.GetFileName(file)).Append('\t').Append(new FileInfo(file).Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(listing.ToString()));
        return Convert.ToHexStringLower(hash)[..16];
    }

    private IEnumerable<(string Language, string Text)> Split(bool held)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (language, file) in Files())
        {
            foreach (var fortune in ReadFortunes(file))
            {
                var position = index[language] = index.GetValueOrDefault(language) + 1;
                if ((position % 5 == 0) == held)
                {
                    yield return (language, fortune);
                }
            }
        }
    }

    private IEnumerable<(string Language, string File)> Files()
    {
        foreach (var (language, folder) in LanguageFolders)
        {
            var path = Path.GetFullPath(Path.Combine(root, folder));
            if (File.Exists(path))
            {
                yield return (language, path);
                continue;
            }

            if (!Directory.Exists(path))
            {
                throw new DirectoryNotFoundException($"Fortune databases for '{language}' are missing at {path} (install the Debian fortunes packages: scripts/setup.sh).");
            }

            var files = Directory.GetFiles(path)
                .Where(f => Path.GetExtension(f) is not (".dat" or ".u8" or ".gz") && !FilesOfOtherLanguages.Contains(Path.GetFileName(f))
                            && !File.GetAttributes(f).HasFlag(FileAttributes.ReparsePoint))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                yield return (language, file);
            }
        }
    }

    private static IEnumerable<string> ReadFortunes(string file)
    {
        string content;
        try
        {
            content = File.ReadAllText(file, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException)
        {
            // Some older databases are Latin-1.
            content = File.ReadAllText(file, Encoding.Latin1);
        }

        foreach (var entry in content.Split("\n%\n"))
        {
            var text = entry.Trim('%', '\n', ' ', '\r');
            if (text.Length > 0)
            {
                yield return text;
            }
        }
    }
}
