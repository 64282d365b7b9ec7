using System.Text;

namespace Sluice.Testing;

/// <summary>Debian's fortune databases (packages fortunes, fortunes-es, fortunes-es-off, fortunes-de, …) as real text per language.</summary>
public static class Fortunes
{
    private const string Root = "/usr/share/games/fortunes";

    /// <summary>Folders of the installed fortune packages, by ISO 639-1 language code.</summary>
    public static IReadOnlyDictionary<string, string> Languages { get; } = new Dictionary<string, string>
    {
        ["en"] = Root,
        ["es"] = Path.Combine(Root, "es"),
        ["de"] = Path.Combine(Root, "de"),
        ["it"] = Path.Combine(Root, "it"),
        ["pl"] = Path.Combine(Root, "pl"),
        ["ru"] = Path.Combine(Root, "ru"),
        ["cs"] = Path.Combine(Root, "cs"),
        ["pt"] = Path.Combine(Root, "brasil"),
    };

    /// <summary>The Spanish offensive fortunes (package fortunes-es-off).</summary>
    public static string SpanishOffensiveFolder => Path.Combine(Root, "off", "es");

    /// <summary>Every fortune (the entries between '%' lines) in the databases of one language; files are read as UTF-8.</summary>
    public static IReadOnlyList<string> Read(string language)
    {
        if (!Languages.TryGetValue(language, out var folder))
        {
            throw new ArgumentException($"No fortunes for language '{language}'", nameof(language));
        }

        return ReadFolder(folder, recursive: false);
    }

    /// <summary>Every fortune in the databases of a folder.</summary>
    public static IReadOnlyList<string> ReadFolder(string folder, bool recursive)
    {
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"Fortune folder {folder} is missing: run scripts/setup.sh first.");
        }

        var entries = new List<string>();
        var files = Directory.GetFiles(folder, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => !f.EndsWith(".dat", StringComparison.Ordinal) && !f.EndsWith(".u8", StringComparison.Ordinal) && !f.EndsWith(".gz", StringComparison.Ordinal))
            .Where(f => !File.GetAttributes(f).HasFlag(FileAttributes.ReparsePoint))
            .Order(StringComparer.Ordinal);
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        foreach (var file in files)
        {
            string content;
            try
            {
                content = File.ReadAllText(file, utf8);
            }
            catch (DecoderFallbackException)
            {
                // A few older databases are Latin-1; those are read as such.
                content = File.ReadAllText(file, Encoding.Latin1);
            }

            foreach (var entry in content.Split("\n%\n"))
            {
                var text = entry.Trim('%', '\n', ' ');
                if (text.Length > 0)
                {
                    entries.Add(text);
                }
            }
        }

        return entries;
    }
}
