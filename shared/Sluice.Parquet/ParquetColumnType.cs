namespace Sluice.Parquet;

/// <summary>The column types Sluice reads and writes, each mapped to a standard Parquet physical and logical type.</summary>
public enum ParquetColumnType
{
    /// <summary>UTF-8 text: BYTE_ARRAY annotated STRING (converted type UTF8).</summary>
    String,

    /// <summary>Raw bytes: BYTE_ARRAY with no annotation.</summary>
    Binary,

    /// <summary>A 32-bit signed integer: INT32.</summary>
    Int32,

    /// <summary>A 64-bit signed integer: INT64.</summary>
    Int64,

    /// <summary>A 32-bit IEEE float: FLOAT.</summary>
    Float,

    /// <summary>A 64-bit IEEE float: DOUBLE.</summary>
    Double,

    /// <summary>A boolean: BOOLEAN.</summary>
    Boolean,

    /// <summary>A UTC instant in milliseconds since the Unix epoch: INT64 annotated TIMESTAMP(isAdjustedToUTC, MILLIS).</summary>
    TimestampMillis,

    /// <summary>A UTC instant in microseconds since the Unix epoch: INT64 annotated TIMESTAMP(isAdjustedToUTC, MICROS).</summary>
    TimestampMicros,

    /// <summary>A list of 32-bit integers in the standard three-level LIST layout (elements required).</summary>
    Int32List,

    /// <summary>A list of 64-bit integers in the standard three-level LIST layout (elements required).</summary>
    Int64List,
}
