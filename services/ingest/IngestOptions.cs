using System.Security.Cryptography;
using System.Text;
using Sluice.Documents;
using Sluice.Hosting;
using Sluice.Ingest.Profiles;

namespace Sluice.Ingest;

/// <summary>
/// Configuration of the ingest stage (configuration section <c>Ingest</c>). Every property has a safe default;
/// <see cref="Validate"/> names every invalid value. The options that change the output make up <see cref="ConfigHash"/>.
/// </summary>
public sealed class IngestOptions : ISluiceOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Ingest";

    /// <summary>The field of a JSON / JSON Lines record that holds the text; the record's other fields become metadata. Default <c>text</c>.</summary>
    public string TextField { get; set; } = "text";

    /// <summary>The CSV / TSV / Parquet column that holds the text (matched case-sensitively against the header); other columns become metadata. Default <c>text</c>.</summary>
    public string TextColumn { get; set; } = "text";

    /// <summary>Largest dropped object accepted, in bytes; a larger one is quarantined as <c>size-limit</c>. Default 2 GiB.</summary>
    public long MaxObjectBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Most bytes all archive layers of one object may expand to, in total. Default 8 GiB.</summary>
    public long MaxExpandedBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Largest allowed ratio of expanded to compressed bytes of one compressed stream or archive entry (zip-bomb defence). Default 200.</summary>
    public double MaxExpansionRatio { get; set; } = 200;

    /// <summary>Most entries (all nesting levels together) one archive object may hold. Default 100,000.</summary>
    public int MaxArchiveEntries { get; set; } = 100_000;

    /// <summary>Deepest nesting of archives (a .zip inside a .tar.gz counts 2). Default 3.</summary>
    public int MaxArchiveDepth { get; set; } = 3;

    /// <summary>
    /// Largest single document or record, in characters of decoded text (a .txt or .html file, a JSON line, a CSV row, a
    /// whole .json file, which is parsed in memory); a larger one is quarantined as <c>record-too-large</c>. Default 64 Mi.
    /// </summary>
    public int MaxRecordBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// A text object whose first 64 KiB hold more than this fraction of undecodable bytes is quarantined as <c>undecodable-text</c>
    /// (fewer are replaced by U+FFFD and counted). Default 0.01.
    /// </summary>
    public double MaxUndecodableFraction { get; set; } = 0.01;

    /// <summary>Documents whose standardized text has fewer characters are quarantined as <c>empty-document</c>. Default 1.</summary>
    public int MinDocumentChars { get; set; } = 1;

    /// <summary>Runs of more than this many spaces or tabs are collapsed to one space (shorter runs, such as indentation, are kept as they are). Default 8.</summary>
    public int MaxSpaceRun { get; set; } = 8;

    /// <summary>Runs of more than this many consecutive blank lines are collapsed to this many. Default 1.</summary>
    public int MaxBlankLines { get; set; } = 1;

    /// <summary>Rejected records keep at most this many characters of the bad record's text. Default 4,096.</summary>
    public int MaxRejectedTextChars { get; set; } = 4096;

    /// <summary>The source profiles (web, book, code, conversation): how each is recognised, standardized and split (docs/profiles.md).</summary>
    public IngestProfilesOptions Profiles { get; set; } = new();

    /// <summary>How document and rejected shards are cut and encoded.</summary>
    public DocumentShardOptions Shards { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<string> FindProblems() => OptionsProblems.From(SectionName, Validate);

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid property.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(TextField))
        {
            errors.Add("TextField must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(TextColumn))
        {
            errors.Add("TextColumn must not be empty.");
        }

        if (MaxObjectBytes <= 0)
        {
            errors.Add($"MaxObjectBytes must be positive (is {MaxObjectBytes}).");
        }

        if (MaxExpandedBytes <= 0)
        {
            errors.Add($"MaxExpandedBytes must be positive (is {MaxExpandedBytes}).");
        }

        if (!(MaxExpansionRatio >= 1))
        {
            errors.Add($"MaxExpansionRatio must be at least 1 (is {MaxExpansionRatio}).");
        }

        if (MaxArchiveEntries <= 0)
        {
            errors.Add($"MaxArchiveEntries must be positive (is {MaxArchiveEntries}).");
        }

        if (MaxArchiveDepth is < 0 or > 16)
        {
            errors.Add($"MaxArchiveDepth must be between 0 and 16 (is {MaxArchiveDepth}).");
        }

        if (MaxRecordBytes <= 0)
        {
            errors.Add($"MaxRecordBytes must be positive (is {MaxRecordBytes}).");
        }

        if (!(MaxUndecodableFraction is >= 0 and <= 1))
        {
            errors.Add($"MaxUndecodableFraction must be between 0 and 1 (is {MaxUndecodableFraction}).");
        }

        if (MinDocumentChars < 1)
        {
            errors.Add($"MinDocumentChars must be at least 1 (is {MinDocumentChars}).");
        }

        if (MaxSpaceRun < 1)
        {
            errors.Add($"MaxSpaceRun must be at least 1 (is {MaxSpaceRun}).");
        }

        if (MaxBlankLines < 0)
        {
            errors.Add($"MaxBlankLines must not be negative (is {MaxBlankLines}).");
        }

        if (MaxRejectedTextChars < 0)
        {
            errors.Add($"MaxRejectedTextChars must not be negative (is {MaxRejectedTextChars}).");
        }

        if (Profiles is null)
        {
            errors.Add("Profiles must be set.");
        }
        else
        {
            errors.AddRange(Profiles.Problems());
        }

        if (Shards is null)
        {
            errors.Add("Shards must be set.");
        }
        else
        {
            try
            {
                Shards.Validate();
            }
            catch (ArgumentException e)
            {
                errors.Add(e.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid ingest options: " + string.Join(" ", errors));
        }
    }

    /// <summary>
    /// Lower-case hex SHA-256 over every option that changes what is written (not the spool folder): equal hashes mean
    /// equal output for equal input. Part of every output key.
    /// </summary>
    public string ConfigHash()
    {
        var canonical = string.Join('\n',
            "ingest-v1",
            $"text_field={TextField}",
            $"text_column={TextColumn}",
            $"max_object_bytes={MaxObjectBytes}",
            $"max_expanded_bytes={MaxExpandedBytes}",
            FormattableString.Invariant($"max_expansion_ratio={MaxExpansionRatio:R}"),
            $"max_archive_entries={MaxArchiveEntries}",
            $"max_archive_depth={MaxArchiveDepth}",
            $"max_record_bytes={MaxRecordBytes}",
            FormattableString.Invariant($"max_undecodable_fraction={MaxUndecodableFraction:R}"),
            $"min_document_chars={MinDocumentChars}",
            $"max_space_run={MaxSpaceRun}",
            $"max_blank_lines={MaxBlankLines}",
            $"max_rejected_text_chars={MaxRejectedTextChars}",
            $"target_shard_bytes={Shards.TargetShardBytes}",
            $"row_group_target_bytes={Shards.RowGroupTargetBytes}",
            $"snappy={Shards.Snappy}",
            Profiles.Canonical());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
