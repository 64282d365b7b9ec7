using System.Text.Json;
using Sluice.Ingest.Reading;
using Sluice.Parquet;

namespace Sluice.Ingest.Formats;

/// <summary>
/// .parquet: every row of a Parquet table with a string column named <see cref="IngestOptions.TextColumn"/> (Sluice's
/// document shards have <c>text</c>) becomes a document; the row's other columns become metadata. A file that cannot be
/// read is quarantined as <c>invalid-parquet</c>, keeping the rows of the row groups read before the damage.
/// </summary>
internal static class ParquetTableReader
{
    public static async ValueTask ReadAsync(Stream stream, RecordOrigin origin, long length, IngestRun run, CancellationToken cancellationToken)
    {
        var whole = PlainTextReader.DescribeWhole(origin);
        ParquetReader reader;
        try
        {
            reader = new ParquetReader(stream, origin.Entry.Length == 0 ? run.Source.SourceKey : origin.Entry, leaveOpen: true);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            await run.RejectAsync(RejectionReasons.InvalidParquet, $"{whole} is not readable Parquet: {e.Message}", origin, null, length, cancellationToken);
            return;
        }

        using (reader)
        {
            var textIndex = reader.Schema.IndexOf(run.Options.TextColumn);
            if (textIndex < 0 || reader.Schema.Columns[textIndex].Type != ParquetColumnType.String)
            {
                await run.RejectAsync(RejectionReasons.MissingText,
                    $"{whole} has no string column '{run.Options.TextColumn}' (its columns: {reader.Schema})", origin, null, length, cancellationToken);
                return;
            }

            var row = 0L;
            for (var groupIndex = 0; groupIndex < reader.RowGroupCount; groupIndex++)
            {
                ParquetRowGroup group;
                try
                {
                    group = reader.ReadRowGroup(groupIndex);
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    await run.RejectAsync(RejectionReasons.InvalidParquet, $"{whole}: row group {groupIndex} cannot be read: {e.Message}", origin, null, length, cancellationToken);
                    return;
                }

                var text = group.Columns[textIndex];
                for (var r = 0; r < group.RowCount; r++)
                {
                    row++;
                    var rowOrigin = origin with { PositionKind = "row", Position = row };
                    var value = text.GetString(r);
                    if (value is null)
                    {
                        await run.RejectAsync(RejectionReasons.MissingText, $"{JsonRecords.Describe(rowOrigin)} has a null '{run.Options.TextColumn}'", rowOrigin, null, 0, cancellationToken);
                        continue;
                    }

                    var rowInGroup = r;
                    await run.AddDocumentAsync(value, rowOrigin, Text.TextEncodingKind.Utf8, 0, writer => WriteFields(writer, group, textIndex, rowInGroup), cancellationToken);
                }
            }

            if (row == 0)
            {
                await run.RejectAsync(RejectionReasons.EmptyFile, $"{whole} has no rows", origin, null, length, cancellationToken);
            }
        }
    }

    private static void WriteFields(Utf8JsonWriter writer, ParquetRowGroup group, int textIndex, int row)
    {
        writer.WriteStartObject("fields");
        for (var c = 0; c < group.Columns.Count; c++)
        {
            if (c == textIndex)
            {
                continue;
            }

            var column = group.Columns[c];
            writer.WritePropertyName(column.Column.Name);
            switch (column.GetValue(row))
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string s:
                    writer.WriteStringValue(s);
                    break;
                case int i:
                    writer.WriteNumberValue(i);
                    break;
                case long l:
                    writer.WriteNumberValue(l);
                    break;
                case float f when float.IsFinite(f):
                    writer.WriteNumberValue(f);
                    break;
                case double d when double.IsFinite(d):
                    writer.WriteNumberValue(d);
                    break;
                case bool b:
                    writer.WriteBooleanValue(b);
                    break;
                case DateTime t:
                    writer.WriteStringValue(t.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case byte[] bytes:
                    writer.WriteBase64StringValue(bytes);
                    break;
                case int[] ints:
                    JsonSerializer.Serialize(writer, ints);
                    break;
                case long[] longs:
                    JsonSerializer.Serialize(writer, longs);
                    break;
                case var other:
                    writer.WriteStringValue(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }

        writer.WriteEndObject();
    }
}
