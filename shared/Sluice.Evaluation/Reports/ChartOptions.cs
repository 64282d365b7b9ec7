namespace Sluice.Evaluation.Reports;

/// <summary>How the report's charts are drawn.</summary>
public sealed record ChartOptions
{
    /// <summary>The defaults.</summary>
    public static ChartOptions Default { get; } = new();

    /// <summary>Width in pixels. Default 800.</summary>
    public int Width { get; init; } = 800;

    /// <summary>Height in pixels. Default 450.</summary>
    public int Height { get; init; } = 450;

    /// <summary>
    /// The TrueType font file for all text. Null (the default) takes the first that exists of
    /// <see cref="DefaultFontFiles"/>. The font is loaded from the file rather than looked up by family name, so the
    /// charts need no fontconfig and the same font file draws the same pixels everywhere.
    /// </summary>
    public string? FontFile { get; init; }

    /// <summary>
    /// The font files tried when <see cref="FontFile"/> is null: DejaVu Sans from Debian's <c>fonts-dejavu-core</c>
    /// (in the base Debian 12 image, where fontconfig-config depends on it), then Liberation Sans.
    /// </summary>
    public static IReadOnlyList<string> DefaultFontFiles { get; } =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ];
}
