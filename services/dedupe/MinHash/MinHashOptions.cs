namespace Sluice.Dedupe.MinHash;

/// <summary>
/// MinHash-LSH parameters. The defaults are datatrove's FineWeb setting: word 5-gram shingles and 112 hashes as
/// 14 bands of 8 rows, so two documents become candidates with probability 1 - (1 - J^8)^14 (about 0.92 at
/// Jaccard 0.8, 0.5 near 0.72).
/// </summary>
public sealed class MinHashOptions
{
    /// <summary>Words per shingle. Default: 5.</summary>
    public int ShingleSize { get; set; } = 5;

    /// <summary>LSH bands. Default: 14.</summary>
    public int Bands { get; set; } = 14;

    /// <summary>Signature rows per band. Default: 8.</summary>
    public int RowsPerBand { get; set; } = 8;

    /// <summary>Seed for the hash family; every replica and every run must use the same one. Default: 1.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>The signature length: <see cref="Bands"/> × <see cref="RowsPerBand"/> (112 by default).</summary>
    public int HashCount => Bands * RowsPerBand;

    /// <summary>The Jaccard similarity at which the candidate probability curve is steepest, about (1/b)^(1/r).</summary>
    public double Threshold => Math.Pow(1.0 / Bands, 1.0 / RowsPerBand);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (ShingleSize is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(ShingleSize), ShingleSize, "MinHash shingle size must be between 1 and 64 words.");
        }

        if (Bands is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(Bands), Bands, "MinHash band count must be between 1 and 1024.");
        }

        if (RowsPerBand is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(RowsPerBand), RowsPerBand, "MinHash rows per band must be between 1 and 64.");
        }
    }

    /// <summary>A short, stable description of these settings; part of the index fingerprint.</summary>
    internal string Describe() => $"shingle={ShingleSize},bands={Bands},rows={RowsPerBand},seed={Seed}";
}
