using System.Globalization;
using Sluice.Dedupe.Boilerplate;
using Sluice.Dedupe.MinHash;
using Sluice.Dedupe.Normalization;
using Sluice.Hosting;

namespace Sluice.Dedupe;

/// <summary>Configuration of the dedupe stage. Every replica sharing an index must use the same values.</summary>
public sealed class DedupeOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Dedupe";

    /// <summary>Text normalization for exact hashing and shingling. Default: see <see cref="TextNormalizationOptions"/>.</summary>
    public TextNormalizationOptions Normalization { get; set; } = new();

    /// <summary>MinHash-LSH parameters. Default: word 5-grams, 14 bands × 8 rows.</summary>
    public MinHashOptions MinHash { get; set; } = new();

    /// <summary>How LSH candidates are confirmed. Default: <see cref="NearDuplicateVerification.None"/> (datatrove's FineWeb setting).</summary>
    public NearDuplicateVerification Verification { get; set; } = NearDuplicateVerification.None;

    /// <summary>The similarity a candidate must reach when <see cref="Verification"/> is not None. Default: 0.8.</summary>
    public double VerificationThreshold { get; set; } = 0.8;

    /// <summary>Boilerplate line/paragraph removal across documents. Default: off.</summary>
    public BoilerplateOptions Boilerplate { get; set; } = new();

    /// <summary>Documents decided per index transaction. Default: 256.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>
    /// How long a dedupe round waits for more shards after the last one arrived, in seconds: shards arriving with no
    /// longer gap between them are decided together, in the round's total order (docs/dedupe.md), so which copy of a
    /// duplicate survives does not depend on arrival order or replica count. Not part of the index's configuration.
    /// Default 5; 0 to 600.
    /// </summary>
    public int SettleSeconds { get; set; } = 5;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Normalization);
        ArgumentNullException.ThrowIfNull(MinHash);
        ArgumentNullException.ThrowIfNull(Boilerplate);
        MinHash.Validate();
        Boilerplate.Validate();
        if (!Enum.IsDefined(Verification))
        {
            throw new ArgumentOutOfRangeException(nameof(Verification), Verification, "Unknown verification mode.");
        }

        if (VerificationThreshold is <= 0 or > 1 || double.IsNaN(VerificationThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(VerificationThreshold), VerificationThreshold, "Verification threshold must be in (0, 1].");
        }

        if (BatchSize is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be between 1 and 100000.");
        }

        if (SettleSeconds is < 0 or > 600)
        {
            throw new ArgumentOutOfRangeException(nameof(SettleSeconds), SettleSeconds, "Settle seconds must be between 0 and 600.");
        }
    }

    /// <inheritdoc />
    public IEnumerable<string> FindProblems() => OptionsProblems.From(SectionName, Validate);

    /// <summary>
    /// The settings an index's content depends on. An index remembers it and refuses to be used with other settings,
    /// because its hashes and decisions would silently stop matching.
    /// </summary>
    public string IndexConfiguration() =>
        string.Join(';',
            "v1",
            Normalization.Describe(),
            MinHash.Describe(),
            $"verify={Verification},threshold={VerificationThreshold.ToString("R", CultureInfo.InvariantCulture)}",
            Boilerplate.Describe());
}
