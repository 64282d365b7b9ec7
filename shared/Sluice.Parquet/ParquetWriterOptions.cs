namespace Sluice.Parquet;

/// <summary>Settings for <see cref="ParquetWriter"/>. Call <see cref="Validate"/> (the writer does) to check them.</summary>
public sealed class ParquetWriterOptions
{
    /// <summary>Page compression. Default <see cref="ParquetCompression.Snappy"/>.</summary>
    public ParquetCompression Compression { get; set; } = ParquetCompression.Snappy;

    /// <summary>
    /// A row group is written once the buffered rows reach about this many bytes (uncompressed, as encoded).
    /// Default 64 MiB; at least 1 KiB. Memory use of the writer is about this size.
    /// </summary>
    public long RowGroupTargetBytes { get; set; } = 64L << 20;

    /// <summary>Data pages are cut at about this many bytes before compression. Default 1 MiB; 1 KiB to 256 MiB.</summary>
    public int PageTargetBytes { get; set; } = 1 << 20;

    /// <summary>Whether string and binary columns are dictionary encoded (RLE_DICTIONARY). Default true.</summary>
    public bool DictionaryEncoding { get; set; } = true;

    /// <summary>
    /// When a column chunk's dictionary would grow past this many bytes, the chunk is written PLAIN instead.
    /// Default 1 MiB; 0 to 256 MiB.
    /// </summary>
    public int DictionaryLimitBytes { get; set; } = 1 << 20;

    /// <summary>Whether column chunk statistics (min_value, max_value, null_count) are written. Default true.</summary>
    public bool WriteStatistics { get; set; } = true;

    /// <summary>Byte-array min/max statistics longer than this are left out (the null count is still written). Default 64; 0 to 4096.</summary>
    public int MaxStatisticsValueBytes { get; set; } = 64;

    /// <summary>Key-value metadata stored in the footer (schema version, lineage, config hashes). Default empty.</summary>
    public IDictionary<string, string> Metadata { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The footer's created_by string. Default "Sluice.Parquet version 1.0.0".</summary>
    public string CreatedBy { get; set; } = "Sluice.Parquet version 1.0.0";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Compression))
        {
            throw new ArgumentException($"Unknown compression {Compression}", nameof(Compression));
        }

        if (RowGroupTargetBytes < 1024)
        {
            throw new ArgumentException($"RowGroupTargetBytes must be at least 1024 (was {RowGroupTargetBytes})", nameof(RowGroupTargetBytes));
        }

        if (PageTargetBytes is < 1024 or > 256 << 20)
        {
            throw new ArgumentException($"PageTargetBytes must be between 1 KiB and 256 MiB (was {PageTargetBytes})", nameof(PageTargetBytes));
        }

        if (DictionaryLimitBytes is < 0 or > 256 << 20)
        {
            throw new ArgumentException($"DictionaryLimitBytes must be between 0 and 256 MiB (was {DictionaryLimitBytes})", nameof(DictionaryLimitBytes));
        }

        if (MaxStatisticsValueBytes is < 0 or > 4096)
        {
            throw new ArgumentException($"MaxStatisticsValueBytes must be between 0 and 4096 (was {MaxStatisticsValueBytes})", nameof(MaxStatisticsValueBytes));
        }

        ArgumentNullException.ThrowIfNull(Metadata, nameof(Metadata));
        ArgumentNullException.ThrowIfNull(CreatedBy, nameof(CreatedBy));
    }
}
