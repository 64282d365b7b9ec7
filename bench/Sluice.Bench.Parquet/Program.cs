using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sluice.Bench.Parquet;
using Sluice.Parquet;
using Sluice.Testing;

// Usage: dotnet run -c Release --project bench/Sluice.Bench.Parquet -- [copies of the corpus, default 4] [rounds, default 9]
var copies = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
var folder = RepoLayout.NewTempFolder("parquet-bench");
try
{
    var shard = DocumentShard.FromBrownCorpus(copies);
    var megabytes = shard.TextBytes / 1e6;
    Console.WriteLine($"Document shard: {shard.Rows.Count} documents from the Brown corpus x{copies}, {megabytes:F1} MB of UTF-8 text (id, text, source, metadata); snappy; one thread; {rounds} alternating rounds, best of 3 runs per round, median over rounds.");

    var ours = Path.Combine(folder, "sluice.parquet");
    var source = Path.Combine(folder, "source.parquet");
    shard.Write(source, ParquetCompression.Uncompressed);

    // Rounds alternate between Sluice and DuckDB so both see the same machine load (other builds may be running);
    // within a round each side runs three times and keeps its fastest, which discounts warm-up.
    var writeMs = new List<double>();
    var readMs = new List<double>();
    var duckWrite = new List<double>();
    var duckRead = new List<double>();
    long duckBytes = 0;
    for (var round = 0; round < rounds; round++)
    {
        var bestWrite = double.MaxValue;
        var bestRead = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            shard.Write(ours, ParquetCompression.Snappy);
            bestWrite = Math.Min(bestWrite, watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var bytes = DocumentShard.ReadAll(ours);
            bestRead = Math.Min(bestRead, watch.Elapsed.TotalMilliseconds);
            if (bytes != shard.TextBytes)
            {
                throw new InvalidOperationException($"read back {bytes} bytes of text, wrote {shard.TextBytes}");
            }
        }

        writeMs.Add(bestWrite);
        readMs.Add(bestRead);
        var peer = NodePeer.Run("parquet-duckdb.mjs", ["bench", source, "3", folder], timeout: TimeSpan.FromMinutes(10));
        using var result = JsonDocument.Parse(peer);
        duckWrite.Add(result.RootElement.GetProperty("writeMs").EnumerateArray().Min(e => e.GetDouble()));
        duckRead.Add(result.RootElement.GetProperty("readMs").EnumerateArray().Min(e => e.GetDouble()));
        duckBytes = long.Parse(result.RootElement.GetProperty("textBytes").GetString()!, CultureInfo.InvariantCulture);
    }

    var duckFile = new FileInfo(Path.Combine(folder, "duckdb.parquet")).Length;
    var ourFile = new FileInfo(ours).Length;
    var writeRatios = writeMs.Select((ms, i) => duckWrite[i] / ms).ToList();
    var readRatios = readMs.Select((ms, i) => duckRead[i] / ms).ToList();

    Console.WriteLine();
    Console.WriteLine("| | Sluice.Parquet | DuckDB | median per-round ratio (Sluice / DuckDB) |");
    Console.WriteLine("|---|---|---|---|");
    Row("write MB/s", megabytes / (Median(writeMs) / 1000), megabytes / (Median(duckWrite) / 1000), Median(writeRatios));
    Row("read MB/s", megabytes / (Median(readMs) / 1000), megabytes / (Median(duckRead) / 1000), Median(readRatios));
    Console.WriteLine($"| file size MB | {ourFile / 1e6:F2} | {duckFile / 1e6:F2} | {(double)ourFile / duckFile:F2} |");
    Console.WriteLine();
    Console.WriteLine($"DuckDB read back {duckBytes / 1e6:F1} MB of text in column 'text' (check); per-round best (ms) Sluice write {Join(writeMs)}, read {Join(readMs)}; DuckDB write {Join(duckWrite)}, read {Join(duckRead)}");
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static void Row(string what, double ours, double theirs, double medianRatio) =>
    Console.WriteLine($"| {what} | {ours:F1} | {theirs:F1} | {medianRatio:F2} |");

static string Join(List<double> values) => string.Join(" ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));
