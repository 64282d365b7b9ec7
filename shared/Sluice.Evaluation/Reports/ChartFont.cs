using System.Security.Cryptography;
using System.Text;

namespace Sluice.Evaluation.Reports;

/// <summary>
/// Registers a font file with ScottPlot under a family name of its own, once per file, so charts draw with that
/// file whatever fonts the machine has (ScottPlot's font list is process-wide).
/// </summary>
internal static class ChartFont
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, string> Registered = new(StringComparer.Ordinal);

    /// <summary>The family name to draw with for the options' font file.</summary>
    public static string FamilyFor(ChartOptions options)
    {
        var file = options.FontFile ?? ChartOptions.DefaultFontFiles.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "No font file for the charts: install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) or set ChartOptions.FontFile. "
                + $"Looked for {string.Join(", ", ChartOptions.DefaultFontFiles)}.");
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"The chart font file {file} does not exist.", file);
        }

        lock (Gate)
        {
            if (Registered.TryGetValue(file, out var family))
            {
                return family;
            }

            family = "Sluice Chart " + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(file)))[..12];
            var bold = BoldSibling(file);
            ScottPlot.Fonts.AddFontFile(family, file, bold: false, italic: false);
            ScottPlot.Fonts.AddFontFile(family, bold ?? file, bold: true, italic: false);
            Registered[file] = family;
            return family;
        }
    }

    // DejaVuSans.ttf → DejaVuSans-Bold.ttf; LiberationSans-Regular.ttf → LiberationSans-Bold.ttf.
    private static string? BoldSibling(string file)
    {
        var folder = Path.GetDirectoryName(file) ?? ".";
        var name = Path.GetFileNameWithoutExtension(file);
        var stem = name.EndsWith("-Regular", StringComparison.Ordinal) ? name[..^"-Regular".Length] : name;
        var bold = Path.Combine(folder, stem + "-Bold" + Path.GetExtension(file));
        return File.Exists(bold) ? bold : null;
    }
}
