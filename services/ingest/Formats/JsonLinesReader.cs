using System.Text;
using System.Text.Json;
using Sluice.Ingest.Reading;
using Sluice.Ingest.Text;

namespace Sluice.Ingest.Formats;

/// <summary>.jsonl / .ndjson: one JSON object per line; blank lines are not records. A bad line is quarantined and the next line read.</summary>
internal static class JsonLinesReader
{
    public static async ValueTask ReadAsync(TextReader reader, RecordOrigin origin, TextEncodingKind encoding, IngestRun run, CancellationToken cancellationToken)
    {
        var lines = new BoundedLineReader(reader, run.Options.MaxRecordBytes);
        var records = 0L;
        while (lines.TryReadLine(out var line, out var length))
        {
            var lineOrigin = origin with { PositionKind = "line", Position = lines.LineNumber };
            if (line is null)
            {
                records++;
                await run.RejectAsync(RejectionReasons.RecordTooLarge,
                    $"{JsonRecords.Describe(lineOrigin)} has {length} characters, more than the {run.Options.MaxRecordBytes} allowed (MaxRecordBytes)",
                    lineOrigin, null, length, cancellationToken);
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            records++;
            JsonDocument parsed;
            try
            {
                parsed = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                await run.RejectAsync(RejectionReasons.InvalidJson, $"{JsonRecords.Describe(lineOrigin)} is not valid JSON: {e.Message}",
                    lineOrigin, line, Encoding.UTF8.GetByteCount(line), cancellationToken);
                continue;
            }

            using (parsed)
            {
                await JsonRecords.AddAsync(parsed.RootElement, line, lineOrigin, encoding, run, cancellationToken);
            }
        }

        if (records == 0)
        {
            await run.RejectAsync(RejectionReasons.EmptyFile, $"{PlainTextReader.DescribeWhole(origin)} holds no JSON lines", origin, null, 0, cancellationToken);
        }
    }
}
