namespace Sluice.Dedupe.Boilerplate;

/// <summary>
/// Boilerplate removal across documents: a line or paragraph whose normalized text was first seen in another document
/// (a repeated header, footer or licence block) is removed from every later document. Off by default.
/// </summary>
public sealed class BoilerplateOptions
{
    /// <summary>Whether boilerplate removal runs. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Whether segments are lines or paragraphs. Default: <see cref="BoilerplateUnit.Paragraph"/>.</summary>
    public BoilerplateUnit Unit { get; set; } = BoilerplateUnit.Paragraph;

    /// <summary>Segments shorter than this many normalized characters are never treated as boilerplate (short lines repeat by chance). Default: 40.</summary>
    public int MinCharacters { get; set; } = 40;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (MinCharacters < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinCharacters), MinCharacters, "Boilerplate segments need at least 1 character.");
        }

        if (!Enum.IsDefined(Unit))
        {
            throw new ArgumentOutOfRangeException(nameof(Unit), Unit, "Unknown boilerplate unit.");
        }
    }

    /// <summary>A short, stable description of these settings; part of the index fingerprint.</summary>
    internal string Describe() => Enabled ? $"boilerplate={Unit},min={MinCharacters}" : "boilerplate=off";
}
