using System.Text;
using System.Text.Json;
using Sluice.Ingest.Reading;
using Sluice.Ingest.Text;

namespace Sluice.Ingest.Formats;

/// <summary>
/// .json: one object (one document) or an array of objects (one document each, by 0-based index). The file is parsed
/// in memory, so it may hold at most <see cref="IngestOptions.MaxRecordBytes"/> characters; use JSON Lines for more.
/// </summary>
internal static class JsonDocumentReader
{
    public static async ValueTask ReadAsync(TextReader reader, RecordOrigin origin, TextEncodingKind encoding, IngestRun run, CancellationToken cancellationToken)
    {
        // A .json file is parsed whole, so it is bounded like one record; JSON Lines has no such bound.
        var json = await BoundedTextReading.ReadAllAsync(reader, run.Options.MaxRecordBytes, PlainTextReader.DescribeWhole(origin), cancellationToken);
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            await run.RejectAsync(RejectionReasons.InvalidJson, $"{PlainTextReader.DescribeWhole(origin)} is not valid JSON: {e.Message}",
                origin, json, Encoding.UTF8.GetByteCount(json), cancellationToken);
            return;
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                await JsonRecords.AddAsync(root, json, origin, encoding, run, cancellationToken);
                return;
            }

            var index = 0L;
            foreach (var element in root.EnumerateArray())
            {
                var raw = element.GetRawText();
                var recordOrigin = origin with { PositionKind = "record", Position = index++ };
                if (raw.Length > run.Options.MaxRecordBytes)
                {
                    await run.RejectAsync(RejectionReasons.RecordTooLarge,
                        $"{JsonRecords.Describe(recordOrigin)} has {raw.Length} characters, more than the {run.Options.MaxRecordBytes} allowed (MaxRecordBytes)",
                        recordOrigin, null, raw.Length, cancellationToken);
                    continue;
                }

                await JsonRecords.AddAsync(element, raw, recordOrigin, encoding, run, cancellationToken);
            }

            if (index == 0)
            {
                await run.RejectAsync(RejectionReasons.EmptyFile, $"{PlainTextReader.DescribeWhole(origin)} is an empty JSON array", origin, json, json.Length, cancellationToken);
            }
        }
    }
}
