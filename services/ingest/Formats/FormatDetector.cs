namespace Sluice.Ingest.Formats;

/// <summary>Maps an object or entry name to its <see cref="InputFormat"/> by extension (case-insensitive).</summary>
internal static class FormatDetector
{
    /// <summary>The extensions read as source code, one document per file.</summary>
    public static readonly IReadOnlySet<string> CodeExtensions = new HashSet<string>(StringComparer.Ordinal)
    {
        ".py", ".cs", ".fs", ".vb", ".java", ".kt", ".scala", ".go", ".rs", ".c", ".h", ".cc", ".cpp", ".hpp", ".cxx", ".m", ".swift",
        ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".rb", ".php", ".pl", ".lua", ".r", ".jl", ".hs", ".ml", ".ex", ".exs", ".erl",
        ".clj", ".dart", ".sh", ".bash", ".ps1", ".sql",
    };

    public static InputFormat FromName(string name)
    {
        var file = name[(name.LastIndexOf('/') + 1)..].ToLowerInvariant();
        if (file.EndsWith(".tar.gz", StringComparison.Ordinal) || file.EndsWith(".tgz", StringComparison.Ordinal))
        {
            return InputFormat.TarGzip;
        }

        return Path.GetExtension(file) switch
        {
            ".txt" or ".text" => InputFormat.Text,
            ".md" or ".markdown" => InputFormat.Markdown,
            ".html" or ".htm" or ".xhtml" => InputFormat.Html,
            ".jsonl" or ".ndjson" => InputFormat.JsonLines,
            ".json" => InputFormat.Json,
            ".csv" => InputFormat.Csv,
            ".tsv" or ".tab" => InputFormat.Tsv,
            ".parquet" => InputFormat.Parquet,
            ".gz" or ".gzip" => InputFormat.Gzip,
            ".tar" => InputFormat.Tar,
            ".zip" => InputFormat.Zip,
            var extension when CodeExtensions.Contains(extension) => InputFormat.Code,
            _ => InputFormat.Unsupported,
        };
    }

    /// <summary>The short format name written to document metadata (<c>txt</c>, <c>jsonl</c>, …).</summary>
    public static string MetadataName(InputFormat format) => format switch
    {
        InputFormat.Text => "txt",
        InputFormat.Markdown => "md",
        InputFormat.Code => "code",
        InputFormat.Html => "html",
        InputFormat.JsonLines => "jsonl",
        InputFormat.Json => "json",
        InputFormat.Csv => "csv",
        InputFormat.Tsv => "tsv",
        InputFormat.Parquet => "parquet",
        InputFormat.Gzip => "gz",
        InputFormat.TarGzip => "tar.gz",
        InputFormat.Tar => "tar",
        InputFormat.Zip => "zip",
        _ => "unsupported",
    };

    /// <summary>The name of what a .gz holds: the name without its .gz / .gzip extension.</summary>
    public static string InnerNameOfGzip(string name)
    {
        var lower = name.ToLowerInvariant();
        if (lower.EndsWith(".gzip", StringComparison.Ordinal))
        {
            return name[..^5];
        }

        return lower.EndsWith(".gz", StringComparison.Ordinal) ? name[..^3] : name;
    }
}
