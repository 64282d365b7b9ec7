using System.Text;
using System.Text.Json;
using Sluice.Ingest.Reading;
using Sluice.Ingest.Text;

namespace Sluice.Ingest.Formats;

/// <summary>Turns one parsed JSON record into a document (the configured text field) with the record's other fields as metadata.</summary>
internal static class JsonRecords
{
    public static async ValueTask AddAsync(JsonElement record, string rawRecord, RecordOrigin origin, TextEncodingKind encoding, IngestRun run, CancellationToken cancellationToken)
    {
        var field = run.Options.TextField;
        if (record.ValueKind != JsonValueKind.Object)
        {
            await run.RejectAsync(RejectionReasons.MissingText, $"{Describe(origin)} is a JSON {record.ValueKind.ToString().ToLowerInvariant()}, not an object with a '{field}' field",
                origin, rawRecord, Encoding.UTF8.GetByteCount(rawRecord), cancellationToken);
            return;
        }

        if (!record.TryGetProperty(field, out var textElement) || textElement.ValueKind != JsonValueKind.String)
        {
            var what = textElement.ValueKind == JsonValueKind.Undefined ? "has no" : $"has a {textElement.ValueKind.ToString().ToLowerInvariant()}, not a string, in its";
            await run.RejectAsync(RejectionReasons.MissingText, $"{Describe(origin)} {what} '{field}' field",
                origin, rawRecord, Encoding.UTF8.GetByteCount(rawRecord), cancellationToken);
            return;
        }

        var text = textElement.GetString()!;
        await run.AddDocumentAsync(text, origin, encoding, 0, writer =>
        {
            writer.WriteStartObject("fields");
            foreach (var property in record.EnumerateObject())
            {
                if (property.NameEquals(field))
                {
                    continue;
                }

                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }, cancellationToken);
    }

    public static string Describe(RecordOrigin origin)
    {
        var position = origin.PositionKind is null ? "the object" : $"{origin.PositionKind} {origin.Position}";
        return origin.Entry.Length == 0 ? position : $"entry '{origin.Entry}' {position}";
    }
}
