using System.Buffers;
using System.Text;
using System.Text.Json;
using Sluice.Documents;
using Sluice.Ingest.Formats;
using Sluice.Ingest.Profiles;
using Sluice.Ingest.Text;

namespace Sluice.Ingest.Reading;

/// <summary>
/// The state of ingesting one object: standardizes raw texts into documents, writes them and the quarantined records to
/// their shard writers, and counts everything by reason and format.
/// </summary>
internal sealed class IngestRun(IngestOptions options, IngestSource source, DocumentShardWriter documents, RejectedShardWriter rejected)
{
    private readonly TextStandardizer _standardizer = new(options.MaxSpaceRun, options.MaxBlankLines);
    private readonly TextStandardizer _codeStandardizer = new(Math.Max(options.MaxSpaceRun, 256), Math.Max(options.MaxBlankLines, 3));
    private readonly ProfileSelector _profiles = new(options.Profiles);
    private readonly ArrayBufferWriter<byte> _metadataBuffer = new(1024);

    public IngestOptions Options { get; } = options;

    /// <summary>One HTML parser per run (its construction is not free).</summary>
    public HtmlTextExtractor HtmlExtractor { get; } = new();

    public IngestSource Source { get; } = source;

    public StandardizationTally Tally { get; } = new();

    public ExpansionBudget Budget { get; } = new(options);

    public SortedDictionary<string, long> RejectedByReason { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> DocumentsByFormat { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> DocumentsByProfile { get; } = new(StringComparer.Ordinal);

    public long DocumentCount { get; private set; }

    /// <summary>How many texts were split into several documents by their profile.</summary>
    public long SplitDocuments { get; private set; }

    public long DocumentTextBytes { get; private set; }

    /// <summary>
    /// Chooses the document's source profile, standardizes <paramref name="raw"/> by it, and writes it as one document,
    /// or as several when the profile splits long text; quarantines it as <c>empty-document</c> when nothing is left.
    /// <paramref name="writeMetadata"/> adds format-specific properties (title, other fields).
    /// </summary>
    /// <param name="raw">The text as read.</param>
    /// <param name="origin">Where it was found.</param>
    /// <param name="encoding">The encoding it was decoded from.</param>
    /// <param name="undecodableBytes">How many bytes could not be decoded.</param>
    /// <param name="writeMetadata">Writes the format's own metadata properties.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <param name="profileHint">The record's own <c>profile</c> field, or the profile its shape implies (a messages array); null for none.</param>
    /// <param name="hintFromRecordField">Whether <paramref name="profileHint"/> is the record's field rather than its shape.</param>
    public async ValueTask AddDocumentAsync(
        string raw, RecordOrigin origin, TextEncodingKind encoding, long undecodableBytes, Action<Utf8JsonWriter>? writeMetadata, CancellationToken cancellationToken,
        string? profileHint = null, bool hintFromRecordField = false)
    {
        var profile = _profiles.Choose(Source.SourceKey, origin.Entry, origin.Format, profileHint, hintFromRecordField, raw.Length);
        var text = (profile.Options.KeepIndentation ? _codeStandardizer : _standardizer).Standardize(raw, Tally);
        if (text.Length < Options.MinDocumentChars)
        {
            await RejectAsync(RejectionReasons.EmptyDocument,
                $"the standardized text has {text.Length} characters, fewer than the {Options.MinDocumentChars} required (MinDocumentChars)",
                origin, raw, Encoding.UTF8.GetByteCount(raw), cancellationToken, BuildMetadata(origin, encoding, undecodableBytes, writeMetadata, profile, 0));
            return;
        }

        if (encoding != TextEncodingKind.Utf8)
        {
            Tally.Utf16Documents++;
        }

        // Only whole .txt / .md / code documents are split: a record (a line, a row) is the user's own unit.
        var parts = origin.PositionKind is null && profile.Options.Split != TextSplit.None && text.Length > profile.Options.MaxDocumentChars
            ? TextSplitter.Split(text, profile.Options.Split, profile.Options.MaxDocumentChars)
            : [text];
        for (var i = 0; i < parts.Count; i++)
        {
            var partOrigin = parts.Count == 1 ? origin : origin with { PositionKind = "part", Position = i + 1 };
            var metadata = BuildMetadata(partOrigin, encoding, undecodableBytes, writeMetadata, profile, parts.Count == 1 ? 0 : parts.Count);
            var document = Document.Create(parts[i], Source.SourceKey, partOrigin.Locator, metadata);
            await documents.WriteAsync(document, cancellationToken);
            DocumentCount++;
            DocumentTextBytes += Encoding.UTF8.GetByteCount(parts[i]);
            var format = FormatDetector.MetadataName(origin.Format);
            DocumentsByFormat[format] = DocumentsByFormat.GetValueOrDefault(format) + 1;
            DocumentsByProfile[profile.Name] = DocumentsByProfile.GetValueOrDefault(profile.Name) + 1;
        }

        if (parts.Count > 1)
        {
            SplitDocuments++;
        }
    }

    /// <summary>Quarantines an object, entry or record with its reason; <paramref name="text"/> is kept up to <see cref="IngestOptions.MaxRejectedTextChars"/>.</summary>
    public async ValueTask RejectAsync(string reason, string detail, RecordOrigin origin, string? text, long byteCount, CancellationToken cancellationToken, string? metadata = null, string? contentHash = null)
    {
        metadata ??= BuildMetadata(origin, TextEncodingKind.Utf8, 0, null, null, 0);
        if (contentHash is null && text is null && origin.Entry.Length == 0 && origin.PositionKind is null)
        {
            contentHash = Source.SourceHash;
        }

        if (text is not null && text.Length > Options.MaxRejectedTextChars)
        {
            var cut = Options.MaxRejectedTextChars;
            if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
            {
                cut--;
            }

            text = text[..cut];
        }

        var locator = origin.Locator;
        var record = new RejectedRecord(
            DocumentIdentity.Id(Source.SourceKey, locator, $"{reason}\n{detail}"),
            "ingest",
            reason,
            detail,
            Source.SourceKey,
            locator,
            text,
            metadata,
            contentHash ?? (text is null ? null : DocumentIdentity.ContentHash(text)),
            byteCount);
        await rejected.WriteAsync(record, cancellationToken);
        RejectedByReason[reason] = RejectedByReason.GetValueOrDefault(reason) + 1;
    }

    private string BuildMetadata(RecordOrigin origin, TextEncodingKind encoding, long undecodableBytes, Action<Utf8JsonWriter>? writeMetadata, ProfileChoice? profile, int parts)
    {
        _metadataBuffer.Clear();
        using (var writer = new Utf8JsonWriter(_metadataBuffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("source_key", Source.SourceKey);
            writer.WriteString("source_hash", Source.SourceHash);
            writer.WriteString("format", FormatDetector.MetadataName(origin.Format));
            if (origin.Entry.Length > 0)
            {
                writer.WriteString("archive_entry", origin.Entry);
            }

            if (origin.PositionKind is not null)
            {
                writer.WriteNumber(origin.PositionKind, origin.Position);
            }

            if (parts > 0)
            {
                writer.WriteNumber("parts", parts);
            }

            if (profile is not null)
            {
                writer.WriteString(SourceProfiles.MetadataKey, profile.Name);
                writer.WriteString("profile_by", profile.ChosenBy);
            }

            writer.WriteString("encoding", encoding switch
            {
                TextEncodingKind.Utf16LittleEndian => "utf-16le",
                TextEncodingKind.Utf16BigEndian => "utf-16be",
                _ => "utf-8",
            });
            if (undecodableBytes > 0)
            {
                writer.WriteNumber("undecodable_bytes", undecodableBytes);
            }

            writeMetadata?.Invoke(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(_metadataBuffer.WrittenSpan);
    }
}
