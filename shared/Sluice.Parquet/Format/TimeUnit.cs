namespace Sluice.Parquet.Format;

/// <summary>parquet.thrift <c>TimeUnit</c> union members, by field id.</summary>
internal enum TimeUnit
{
    None = 0,
    Millis = 1,
    Micros = 2,
    Nanos = 3,
}
