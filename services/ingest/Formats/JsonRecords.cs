using System.Text;
using System.Text.Json;
using Sluice.Documents;
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

        var profile = record.TryGetProperty(SourceProfiles.MetadataKey, out var profileElement) && profileElement.ValueKind == JsonValueKind.String
            ? profileElement.GetString()
            : null;
        if (!record.TryGetProperty(field, out var textElement) || textElement.ValueKind != JsonValueKind.String)
        {
            // A chat record (a messages or conversations array instead of text) becomes its turns, one paragraph each.
            if (textElement.ValueKind == JsonValueKind.Undefined && ConversationText.TryRender(record, out var turns, out var turnsField))
            {
                await run.AddDocumentAsync(turns, origin, encoding, 0, writer => WriteFields(writer, record, turnsField), cancellationToken,
                    SourceProfiles.IsKnown(profile) ? profile : SourceProfiles.Conversation, hintFromRecordField: SourceProfiles.IsKnown(profile));
                return;
            }

            var what = textElement.ValueKind == JsonValueKind.Undefined ? "has no" : $"has a {textElement.ValueKind.ToString().ToLowerInvariant()}, not a string, in its";
            await run.RejectAsync(RejectionReasons.MissingText, $"{Describe(origin)} {what} '{field}' field",
                origin, rawRecord, Encoding.UTF8.GetByteCount(rawRecord), cancellationToken);
            return;
        }

        var text = textElement.GetString()!;
        await run.AddDocumentAsync(text, origin, encoding, 0, writer => WriteFields(writer, record, field), cancellationToken, profile, hintFromRecordField: true);
    }

    private static void WriteFields(Utf8JsonWriter writer, JsonElement record, string textField)
    {
        writer.WriteStartObject("fields");
        foreach (var property in record.EnumerateObject())
        {
            if (property.NameEquals(textField))
            {
                continue;
            }

            property.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    public static string Describe(RecordOrigin origin)
    {
        var position = origin.PositionKind is null ? "the object" : $"{origin.PositionKind} {origin.Position}";
        return origin.Entry.Length == 0 ? position : $"entry '{origin.Entry}' {position}";
    }
}
