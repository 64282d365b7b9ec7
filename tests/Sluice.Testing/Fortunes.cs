using System.Text;

namespace Sluice.Testing;

/// <summary>
/// Debian's fortune databases as real text per language. Each language is the set of files one Debian package
/// installs (read from dpkg's own file list), because several packages share /usr/share/games/fortunes: its top
/// level holds English (fortunes, fortunes-min) beside Italian (fortunes-it) and Portuguese (fortunes-br) files.
/// </summary>
public static class Fortunes
{
    private const string Root = "/usr/share/games/fortunes/";
    private const string DpkgInfo = "/var/lib/dpkg/info";

    private static readonly Dictionary<string, (string[] Packages, string[] Excluded)> Sources = new()
    {
        ["en"] = (["fortunes", "fortunes-min"], []),
        ["es"] = (["fortunes-es"], ["off/"]),
        ["de"] = (["fortunes-de"], []),
        ["it"] = (["fortunes-it"], []),
        ["pl"] = (["fortunes-pl"], []),
        ["ru"] = (["fortunes-ru"], []),
        ["cs"] = (["fortunes-cs"], ["sk/", "cz/"]),
        ["pt"] = (["fortunes-br"], []),
    };

    /// <summary>The ISO 639-1 codes of the languages this class reads.</summary>
    public static IReadOnlyList<string> Languages { get; } = Sources.Keys.ToList();

    /// <summary>Every fortune (the entries between '%' lines) of one language.</summary>
    public static IReadOnlyList<string> Read(string language)
    {
        if (!Sources.TryGetValue(language, out var source))
        {
            throw new ArgumentException($"No fortunes for language '{language}'", nameof(language));
        }

        return ReadFiles(PackageFiles(source.Packages, source.Excluded));
    }

    /// <summary>Every fortune database (one file each) of one language, each as one text.</summary>
    public static IReadOnlyList<string> ReadDatabases(string language)
    {
        if (!Sources.TryGetValue(language, out var source))
        {
            throw new ArgumentException($"No fortunes for language '{language}'", nameof(language));
        }

        return PackageFiles(source.Packages, source.Excluded).Select(ReadText).ToList();
    }

    /// <summary>
    /// The Spanish offensive fortunes (package fortunes-es-off), decoded: Debian stores offensive fortunes ROT13-encoded
    /// (as <c>fortune -o</c> decodes them).
    /// </summary>
    public static IReadOnlyList<string> ReadSpanishOffensive() => ReadFiles(PackageFiles(["fortunes-es-off"], [])).Select(Rot13).ToList();

    /// <summary>The Spanish offensive fortune databases, one decoded text per file.</summary>
    public static IReadOnlyList<string> ReadSpanishOffensiveDatabases() =>
        PackageFiles(["fortunes-es-off"], []).Select(f => Rot13(ReadText(f))).ToList();

    private static string Rot13(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = c switch
            {
                >= 'a' and <= 'z' => (char)('a' + ((c - 'a' + 13) % 26)),
                >= 'A' and <= 'Z' => (char)('A' + ((c - 'A' + 13) % 26)),
                _ => c,
            };
        }
    });

    private static IEnumerable<string> PackageFiles(string[] packages, string[] excluded)
    {
        foreach (var package in packages)
        {
            var list = Path.Combine(DpkgInfo, package + ".list");
            if (!File.Exists(list))
            {
                throw new InvalidOperationException($"The Debian package {package} is not installed: run scripts/setup.sh first.");
            }

            foreach (var path in File.ReadLines(list).Order(StringComparer.Ordinal))
            {
                if (!path.StartsWith(Root, StringComparison.Ordinal) || path.EndsWith(".dat", StringComparison.Ordinal) || path.EndsWith(".u8", StringComparison.Ordinal))
                {
                    continue;
                }

                var relative = path[Root.Length..];
                if (excluded.Any(e => relative.StartsWith(e, StringComparison.Ordinal)) || !File.Exists(path)
                    || File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint))
                {
                    continue;
                }

                yield return path;
            }
        }
    }

    private static List<string> ReadFiles(IEnumerable<string> files)
    {
        var entries = new List<string>();
        foreach (var file in files)
        {
            var content = ReadText(file);
            foreach (var entry in content.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n%\n"))
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

    private static string ReadText(string file)
    {
        try
        {
            return File.ReadAllText(file, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException)
        {
            // A few older databases are Latin-1; those are read as such.
            return File.ReadAllText(file, Encoding.Latin1);
        }
    }
}
