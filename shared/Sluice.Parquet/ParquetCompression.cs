namespace Sluice.Parquet;

/// <summary>Page compression codecs the writer offers (the reader also accepts each of them).</summary>
public enum ParquetCompression
{
    /// <summary>No compression.</summary>
    Uncompressed,

    /// <summary>Snappy (raw format): fast, moderate ratio. The usual choice for shards.</summary>
    Snappy,

    /// <summary>GZIP (deflate): slower, smaller.</summary>
    Gzip,
}
