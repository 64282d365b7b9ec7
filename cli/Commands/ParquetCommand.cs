using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Parquet;

namespace Sluice.Cli;

/// <summary><c>sluice parquet schema|head|count &lt;file&gt;</c>: inspect a Parquet shard.</summary>
internal static class ParquetCommand
{
    public static Command Create()
    {
        var command = new Command("parquet", "Inspect Parquet files (document and token shards).");
        command.Subcommands.Add(Schema());
        command.Subcommands.Add(Head());
        command.Subcommands.Add(Count());
        return command;
    }

    private static Argument<FileInfo> FileArgument() => new("file") { Description = "The Parquet file." };

    private static Command Schema()
    {
        var file = FileArgument();
        var command = new Command("schema", "Print the columns, row groups and key-value metadata of a Parquet file.") { file };
        command.SetAction(parse => Run(parse, file, (reader, output) =>
        {
            output.WriteLine($"{reader.Name}: {reader.RowCount} rows in {reader.RowGroupCount} row groups{(reader.CreatedBy is null ? "" : $", created by {reader.CreatedBy}")}");
            foreach (var column in reader.Schema.Columns)
            {
                output.WriteLine($"  {column.Name}: {column.Type}{(column.IsNullable ? " (nullable)" : "")}");
            }

            foreach (var (key, value) in reader.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"  metadata {key} = {value}");
            }
        }));
        return command;
    }

    private static Command Head()
    {
        var file = FileArgument();
        var rows = new Option<int>("--rows", "-n") { Description = "How many rows to print.", DefaultValueFactory = _ => 10 };
        var command = new Command("head", "Print the first rows of a Parquet file as JSON lines.") { file, rows };
        command.SetAction(parse => Run(parse, file, (reader, output) =>
        {
            var wanted = parse.GetValue(rows);
            if (wanted < 0)
            {
                throw new ArgumentException($"--rows must be 0 or more (was {wanted})");
            }

            var printed = 0;
            for (var g = 0; g < reader.RowGroupCount && printed < wanted; g++)
            {
                var group = reader.ReadRowGroup(g);
                for (var r = 0; r < group.RowCount && printed < wanted; r++, printed++)
                {
                    output.WriteLine(RowAsJson(group, r));
                }
            }
        }));
        return command;
    }

    private static Command Count()
    {
        var file = FileArgument();
        var command = new Command("count", "Print the number of rows in a Parquet file.") { file };
        command.SetAction(parse => Run(parse, file, (reader, output) => output.WriteLine(reader.RowCount.ToString(CultureInfo.InvariantCulture))));
        return command;
    }

    private static int Run(ParseResult parse, Argument<FileInfo> file, Action<ParquetReader, TextWriter> action)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var path = parse.GetValue(file)!.FullName;
        try
        {
            using var reader = ParquetReader.Open(path);
            action(reader, output);
            return 0;
        }
        catch (Exception e) when (e is ParquetFormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"sluice parquet: {e.Message}");
            return 1;
        }
    }

    private static string RowAsJson(ParquetRowGroup group, int row)
    {
        using var buffer = new MemoryStream();
        // Quotes as \" and text as it is (no \u0022, no escaped accents): the lines are for reading.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach (var column in group.Columns)
            {
                json.WritePropertyName(column.Column.Name);
                if (column.Column.Name == "metadata" && column.Column.Type == ParquetColumnType.String && !column.IsNull(row) && AsJsonObject(column.GetString(row)!) is { } metadata)
                {
                    // A document's metadata is a JSON object kept as text: printed as the object it is.
                    using (metadata)
                    {
                        metadata.RootElement.WriteTo(json);
                    }

                    continue;
                }

                WriteValue(json, column, row);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static JsonDocument? AsJsonObject(string text)
    {
        try
        {
            var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WriteValue(Utf8JsonWriter json, ParquetColumnData column, int row)
    {
        if (column.IsNull(row))
        {
            json.WriteNullValue();
            return;
        }

        switch (column.Column.Type)
        {
            case ParquetColumnType.String: json.WriteStringValue(column.GetString(row)); break;
            case ParquetColumnType.Binary: json.WriteBase64StringValue(column.GetBytes(row)); break;
            case ParquetColumnType.Int32: json.WriteNumberValue(column.GetInt32(row)); break;
            case ParquetColumnType.Int64: json.WriteNumberValue(column.GetInt64(row)); break;
            case ParquetColumnType.Float: WriteFloating(json, column.GetFloat(row)); break;
            case ParquetColumnType.Double: WriteFloating(json, column.GetDouble(row)); break;
            case ParquetColumnType.Boolean: json.WriteBooleanValue(column.GetBoolean(row)); break;
            case ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros:
                try
                {
                    json.WriteStringValue(column.GetTimestamp(row).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                }
                catch (OverflowException)
                {
                    json.WriteNumberValue(column.GetInt64(row));
                }

                break;
            case ParquetColumnType.Int32List:
                json.WriteStartArray();
                foreach (var value in column.GetInt32List(row))
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStartArray();
                foreach (var value in column.GetInt64List(row))
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
                break;
        }
    }

    private static void WriteFloating(Utf8JsonWriter json, float value)
    {
        if (float.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteFloating(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            // JSON has no NaN or infinity; write them as strings rather than failing the whole line.
            json.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }
}
