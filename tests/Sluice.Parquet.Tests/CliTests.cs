using System.Diagnostics;
using System.Text.Json;

namespace Sluice.Parquet.Tests;

/// <summary>The <c>sluice parquet schema|head|count</c> verbs, run as the real command.</summary>
public class CliTests
{
    [Fact]
    public void Schema_head_and_count_describe_a_document_shard()
    {
        using var folder = new TempFolder();
        var file = folder.File("docs.parquet");
        var schema = new ParquetSchema(
            new ParquetColumn("id", ParquetColumnType.String),
            new ParquetColumn("text", ParquetColumnType.String),
            new ParquetColumn("tokens", ParquetColumnType.Int64List, isNullable: true),
            new ParquetColumn("metadata", ParquetColumnType.String));
        using (var writer = ParquetWriter.Create(file, schema, new ParquetWriterOptions { Metadata = { ["sluice.schema_version"] = "1" } }))
        {
            for (var i = 0; i < 25; i++)
            {
                writer.WriteString(0, $"doc-{i}");
                writer.WriteString(1, $"text \"{i}\" ünïcode");
                if (i % 2 == 0)
                {
                    writer.WriteInt64List(2, [i, i + 1]);
                }
                else
                {
                    writer.WriteNull(2);
                }

                writer.WriteString(3, i == 0 ? "not an object" : $"{{\"lang\": \"en\", \"title\": \"Say \\\"{i}\\\"\"}}");

                writer.EndRow();
            }
        }

        var (code, output, _) = Sluice("parquet", "schema", file);
        Assert.Equal(0, code);
        Assert.Contains("25 rows in 1 row groups", output);
        Assert.Contains("tokens: Int64List (nullable)", output);
        Assert.Contains("metadata sluice.schema_version = 1", output);

        (code, output, _) = Sluice("parquet", "count", file);
        Assert.Equal((0, "25"), (code, output.Trim()));

        (code, output, _) = Sluice("parquet", "head", "-n", "3", file);
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("doc-1", second.RootElement.GetProperty("id").GetString());
        Assert.Equal("text \"1\" ünïcode", second.RootElement.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("tokens").ValueKind);
        Assert.Equal("Say \"1\"", second.RootElement.GetProperty("metadata").GetProperty("title").GetString());
        Assert.Equal("not an object", JsonDocument.Parse(lines[0]).RootElement.GetProperty("metadata").GetString());

        // Readable as printed: quotes as \", accents as they are, metadata as the object it is.
        Assert.DoesNotContain("\\u0022", output);
        Assert.Contains("\"text\":\"text \\\"1\\\" ünïcode\"", lines[1]);
        Assert.Contains("\"metadata\":{\"lang\":\"en\",", lines[1]);
        using var third = JsonDocument.Parse(lines[2]);
        Assert.Equal([2L, 3L], third.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public void A_damaged_file_gives_a_clear_error_and_exit_code_1()
    {
        using var folder = new TempFolder();
        var file = folder.File("broken.parquet");
        File.WriteAllBytes(file, "PAR1 this is not a parquet file"u8.ToArray());
        var (code, _, error) = Sluice("parquet", "count", file);
        Assert.Equal(1, code);
        Assert.Contains("broken.parquet", error);
        Assert.Contains("bad magic at the end", error);
    }

    private static (int Code, string Output, string Error) Sluice(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sluice.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "sluice did not finish");
        return (process.ExitCode, output.Result, error.Result);
    }
}
