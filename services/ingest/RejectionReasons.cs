namespace Sluice.Ingest;

/// <summary>The reasons the ingest stage quarantines an object, a record or a document (also the folder names under <c>rejected/ingest/</c>).</summary>
public static class RejectionReasons
{
    /// <summary>The object is binary (NUL bytes or a known binary signature), not text.</summary>
    public const string BinaryFile = "binary-file";

    /// <summary>A dropped object whose name is not a usable key (hidden, a symbolic link, a backslash…), so it was not read.</summary>
    public const string InvalidKey = "invalid-key";

    /// <summary>The object has no bytes, or a format with no records (an empty JSON array, a CSV with only a header).</summary>
    public const string EmptyFile = "empty-file";

    /// <summary>Too many undecodable bytes at the start of a text object to be text in a supported encoding.</summary>
    public const string UndecodableText = "undecodable-text";

    /// <summary>A JSON / JSON Lines record, or a whole .json object, that is not valid JSON.</summary>
    public const string InvalidJson = "invalid-json";

    /// <summary>A record without the configured text field / column, or where it is not a string.</summary>
    public const string MissingText = "missing-text";

    /// <summary>A CSV / TSV row that breaks RFC 4180 quoting or has a different number of fields from the header.</summary>
    public const string InvalidCsv = "invalid-csv";

    /// <summary>A Parquet object that cannot be read (damaged, or not a Parquet file).</summary>
    public const string InvalidParquet = "invalid-parquet";

    /// <summary>A compressed stream or archive that ends early or is damaged; the entries read before the damage are kept.</summary>
    public const string TruncatedArchive = "truncated-archive";

    /// <summary>A compressed stream or archive entry that expands more than <see cref="IngestOptions.MaxExpansionRatio"/> times.</summary>
    public const string ArchiveBomb = "archive-bomb";

    /// <summary>An object larger than <see cref="IngestOptions.MaxObjectBytes"/>, or archives expanding past <see cref="IngestOptions.MaxExpandedBytes"/>.</summary>
    public const string SizeLimit = "size-limit";

    /// <summary>An archive holding more than <see cref="IngestOptions.MaxArchiveEntries"/> entries.</summary>
    public const string TooManyEntries = "too-many-entries";

    /// <summary>Archives nested deeper than <see cref="IngestOptions.MaxArchiveDepth"/>.</summary>
    public const string NestingTooDeep = "nesting-too-deep";

    /// <summary>A single record or document larger than <see cref="IngestOptions.MaxRecordBytes"/>.</summary>
    public const string RecordTooLarge = "record-too-large";

    /// <summary>A document whose standardized text is shorter than <see cref="IngestOptions.MinDocumentChars"/>.</summary>
    public const string EmptyDocument = "empty-document";

    /// <summary>A file whose extension names no supported format (inside an archive, or dropped as is).</summary>
    public const string UnsupportedFormat = "unsupported-format";

    /// <summary>
    /// An archive member whose name would escape a folder it was extracted to (an absolute path, a drive letter, a
    /// <c>..</c> segment) or holds control characters. Nothing is ever extracted to disk, but such a member is a sign of a
    /// crafted archive and is recorded, not read.
    /// </summary>
    public const string UnsafeMemberName = "unsafe-member-name";

    /// <summary>A symbolic or hard link inside an archive: it names another file rather than holding text, and is not followed.</summary>
    public const string ArchiveLink = "archive-link";
}
