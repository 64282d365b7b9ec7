namespace Sluice.Parquet.Format;

/// <summary>The subset of parquet.thrift <c>ConvertedType</c> values Sluice writes or interprets.</summary>
internal enum ConvertedType
{
    Utf8 = 0,
    Map = 1,
    MapKeyValue = 2,
    List = 3,
    Enum = 4,
    Decimal = 5,
    Date = 6,
    TimeMillis = 7,
    TimeMicros = 8,
    TimestampMillis = 9,
    TimestampMicros = 10,
    Json = 19,
}
