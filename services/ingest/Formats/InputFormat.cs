namespace Sluice.Ingest.Formats;

/// <summary>The input formats the stage reads, chosen by file extension.</summary>
internal enum InputFormat
{
    /// <summary>An extension the stage does not read.</summary>
    Unsupported,

    /// <summary>.txt: one document per file.</summary>
    Text,

    /// <summary>.md / .markdown: one document per file, markup kept.</summary>
    Markdown,

    /// <summary>Source code (.py, .cs, .js, … see <see cref="FormatDetector"/>): one document per file, indentation kept.</summary>
    Code,

    /// <summary>.html / .htm: text extracted from the markup, boilerplate dropped.</summary>
    Html,

    /// <summary>.jsonl / .ndjson: one JSON object per line.</summary>
    JsonLines,

    /// <summary>.json: one object, or an array of objects.</summary>
    Json,

    /// <summary>.csv: RFC 4180, header row first.</summary>
    Csv,

    /// <summary>.tsv: tab-separated, header row first, no quoting.</summary>
    Tsv,

    /// <summary>.parquet: a Parquet table with a text column.</summary>
    Parquet,

    /// <summary>.gz: a gzip stream of any other format (the name without .gz says which).</summary>
    Gzip,

    /// <summary>.tar.gz / .tgz: a gzip-compressed tar archive.</summary>
    TarGzip,

    /// <summary>.tar: a tar archive.</summary>
    Tar,

    /// <summary>.zip: a zip archive.</summary>
    Zip,
}
