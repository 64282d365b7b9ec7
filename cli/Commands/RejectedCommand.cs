using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Parquet;
using Sluice.Storage;

namespace Sluice.Cli;

/// <summary>
/// <c>sluice rejected [--stage S] [--reason R] [--source PREFIX] [--json]</c>: what the stages removed, with reason,
/// detail (the measured value) and locator, read from <c>rejected/</c> in the lake (docs/lake.md).
/// </summary>
internal static class RejectedCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var stage = new Option<string?>("--stage") { Description = "Only what this stage removed (ingest, dedupe, safety-filter, tokenize, trainer)." };
        var reason = new Option<string?>("--reason") { Description = "Only this reason (e.g. near-duplicate, gopher-repetition, invalid-json)." };
        var source = new Option<string?>("--source") { Description = "Only what descends from dropped objects whose key starts with this." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var limit = new Option<int>("--limit") { Description = "Print at most this many (0: all); the counts cover everything.", DefaultValueFactory = _ => 100 };
        var command = new Command("rejected", "List what the stages removed or refused, with reason, measured value and locator.") { stage, reason, source, json, limit };
        var location = LakeLocation.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(limit) < 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"sluice rejected: --limit must be 0 or more (was {parse.GetValue(limit)})");
                return 2;
            }

            return await location.RunAsync(parse, "rejected", async lake =>
            {
                var prefix = "rejected/";
                if (parse.GetValue(stage) is { Length: > 0 } s)
                {
                    prefix += s + "/";
                    if (parse.GetValue(reason) is { Length: > 0 } r)
                    {
                        prefix += r + "/";
                    }
                }

                var wantedReason = parse.GetValue(reason);
                var sourcePrefix = parse.GetValue(source) ?? string.Empty;
                var entries = new List<RejectedEntry>();
                await foreach (var entry in ReadAsync(lake, prefix, cancellationToken))
                {
                    if ((string.IsNullOrEmpty(wantedReason) || entry.Reason == wantedReason) && entry.Source.StartsWith(sourcePrefix, StringComparison.Ordinal))
                    {
                        entries.Add(entry);
                    }
                }

                var shown = parse.GetValue(limit) == 0 ? entries : entries.Take(parse.GetValue(limit)).ToList();
                if (parse.GetValue(json))
                {
                    await output.WriteLineAsync(AsJson(shown));
                }
                else
                {
                    await output.WriteAsync(AsTable(shown, entries));
                }

                return 0;
            });
        });
        return command;
    }

    /// <summary>Every rejected record and quarantine record under <paramref name="prefix"/>, in key order.</summary>
    private static async IAsyncEnumerable<RejectedEntry> ReadAsync(IObjectStore lake, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var objects = new List<ObjectInfo>();
        await foreach (var item in lake.ListAsync(prefix, cancellationToken))
        {
            objects.Add(item);
        }

        foreach (var item in objects.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            using var content = await LakeLineage.ReadObjectAsync(lake, item.Key, cancellationToken);
            if (item.Key.EndsWith(".json", StringComparison.Ordinal))
            {
                var refused = JsonSerializer.Deserialize<ShardQuarantined>(content, Json) ?? throw new InvalidDataException($"{item.Key} is empty");
                yield return new RejectedEntry("shard", refused.Stage, refused.Reason, refused.Detail, refused.Source.Key, refused.Input.Key, string.Empty, refused.Input.ByteCount, "{}", item.Key);
            }
            else if (item.Key.EndsWith(".parquet", StringComparison.Ordinal))
            {
                foreach (var record in DocumentShardReader.ReadRejected(content, item.Key))
                {
                    yield return new RejectedEntry("record", record.Stage, record.Reason, record.Detail, record.Source, record.Locator, record.Id, record.ByteCount, record.Metadata, item.Key);
                }
            }
        }
    }

    private static string AsTable(IReadOnlyList<RejectedEntry> shown, IReadOnlyList<RejectedEntry> all)
    {
        if (all.Count == 0)
        {
            return "Nothing rejected matches." + Environment.NewLine;
        }

        var rows = shown.Select(e => new[] { e.Stage, e.Reason, e.Source, e.Locator.Length == 0 ? "(whole object)" : e.Locator, OneLine(e.Detail, 100) }).ToList();
        string[] header = ["STAGE", "REASON", "SOURCE", "LOCATOR", "DETAIL"];
        var widths = Enumerable.Range(0, header.Length - 1).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        var text = new System.Text.StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < row.Length - 1; i++)
            {
                text.Append(row[i].PadRight(widths[i] + 2));
            }

            text.AppendLine(row[^1]);
        }

        if (shown.Count < all.Count)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"… {all.Count - shown.Count} more (--limit 0 prints all)");
        }

        var counts = all.GroupBy(e => $"{e.Stage}/{e.Reason}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{all.Count} rejected: {string.Join(", ", counts)}");
        return text.ToString();
    }

    private static string AsJson(IReadOnlyList<RejectedEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var e in entries)
            {
                json.WriteStartObject();
                json.WriteString("kind", e.Kind);
                json.WriteString("stage", e.Stage);
                json.WriteString("reason", e.Reason);
                json.WriteString("detail", e.Detail);
                json.WriteString("source", e.Source);
                json.WriteString("locator", e.Locator);
                json.WriteString("id", e.Id);
                json.WriteNumber("byteCount", e.ByteCount);
                json.WritePropertyName("metadata");
                json.WriteRawValue(IsJsonObject(e.Metadata) ? e.Metadata : "{}");
                json.WriteString("key", e.Key);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string OneLine(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
