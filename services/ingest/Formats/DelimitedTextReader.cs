using System.Text;
using Sluice.Ingest.Reading;
using Sluice.Ingest.Text;

namespace Sluice.Ingest.Formats;

/// <summary>
/// .csv / .tsv: the first record is the header; each later record is one document (the configured text column) with the
/// other columns as string metadata. A malformed row, or one with a different number of fields, is quarantined.
/// </summary>
internal static class DelimitedTextReader
{
    public static async ValueTask ReadAsync(TextReader reader, RecordOrigin origin, TextEncodingKind encoding, IngestRun run, CancellationToken cancellationToken)
    {
        var csv = origin.Format == InputFormat.Csv;
        var parser = new DelimitedRecordParser(reader, csv ? ',' : '\t', quoting: csv, run.Options.MaxRecordBytes);
        var header = new List<string>();
        var whole = PlainTextReader.DescribeWhole(origin);
        if (!parser.TryReadRecord(header, out var headerError))
        {
            await run.RejectAsync(RejectionReasons.EmptyFile, $"{whole} has no header row", origin, null, 0, cancellationToken);
            return;
        }

        if (headerError is not null)
        {
            await run.RejectAsync(RejectionReasons.InvalidCsv, $"{whole}: the header row is malformed: {headerError}", origin, parser.RawRecord, parser.RawRecord.Length, cancellationToken);
            return;
        }

        var textColumn = header.IndexOf(run.Options.TextColumn);
        if (textColumn < 0)
        {
            await run.RejectAsync(RejectionReasons.MissingText,
                $"{whole} has no '{run.Options.TextColumn}' column (its header is: {string.Join(", ", header)})", origin, parser.RawRecord, parser.RawRecord.Length, cancellationToken);
            return;
        }

        var fields = new List<string>(header.Count);
        var row = 0L;
        while (parser.TryReadRecord(fields, out var error))
        {
            row++;
            if (error is null && fields.Count == 1 && fields[0].Length == 0)
            {
                row--;
                continue;
            }

            var rowOrigin = origin with { PositionKind = "row", Position = row };
            if (error is null && fields.Count != header.Count)
            {
                error = $"it has {fields.Count} fields where the header has {header.Count}";
            }

            if (error is not null)
            {
                var raw = parser.RawRecord;
                await run.RejectAsync(RejectionReasons.InvalidCsv, $"{JsonRecords.Describe(rowOrigin)} (line {parser.RecordLine}) is malformed: {error}",
                    rowOrigin, raw, Encoding.UTF8.GetByteCount(raw), cancellationToken);
                continue;
            }

            var line = parser.RecordLine;
            await run.AddDocumentAsync(fields[textColumn], rowOrigin, encoding, 0, writer =>
            {
                writer.WriteNumber("line", line);
                writer.WriteStartObject("fields");
                for (var i = 0; i < header.Count; i++)
                {
                    if (i != textColumn)
                    {
                        writer.WriteString(header[i], fields[i]);
                    }
                }

                writer.WriteEndObject();
            }, cancellationToken);
        }

        if (row == 0)
        {
            await run.RejectAsync(RejectionReasons.EmptyFile, $"{whole} has a header but no rows", origin, null, 0, cancellationToken);
        }
    }
}
