using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Sluice.Ingest.Archives;
using Sluice.Testing;

// Decompression of one multi-member .gz (the Brown corpus as JSON Lines, repeated, cut into members each compressed
// by the system gzip -6) three ways on the same file: ingest's GzipMemberStream (our inflater, per-member trailer
// checks), .NET's GZipStream (zlib-ng in the runtime) and the system gzip -dc into /dev/null.
// Usage: dotnet run -c Release --project bench/Sluice.Bench.Gzip [runs] [rounds] [members]
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
var memberCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;

var text = new StringBuilder();
for (var round = 0; round < rounds; round++)
{
    foreach (var (name, body) in BrownCorpus.Documents())
    {
        text.Append(JsonSerializer.Serialize(new { text = body, name, round })).Append('\n');
    }
}

var plain = Encoding.UTF8.GetBytes(text.ToString());
var folder = Directory.CreateTempSubdirectory("sluice-bench-gzip-").FullName;
try
{
    var file = Path.Combine(folder, "brown.jsonl.gz");
    await using (var output = File.Create(file))
    {
        for (var i = 0; i < memberCount; i++)
        {
            output.Write(await SystemGzip(plain[(plain.Length * i / memberCount)..(plain.Length * (i + 1) / memberCount)]));
        }
    }

    var compressed = await File.ReadAllBytesAsync(file);
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
    Console.WriteLine($"input: {plain.Length / 1e6:F1} MB of JSON Lines ({rounds} x the Brown corpus) in {memberCount} gzip -6 members, {compressed.Length / 1e6:F1} MB compressed");
    Console.WriteLine("figures: MB of decompressed output per second of wall clock, median of the runs (after one warm-up run each)");

    var buffer = new byte[64 * 1024];
    long Drain(Stream stream)
    {
        long total = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    var contenders = new (string Name, Func<long> Run)[]
    {
        ("ours: GzipMemberStream", () => Drain(new GzipMemberStream(new MemoryStream(compressed), "gzip stream 'brown.jsonl.gz'"))),
        ("peer: .NET GZipStream", () =>
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            return Drain(gzip);
        }),
        ("peer: gzip -dc", () =>
        {
            using var gzip = Process.Start(new ProcessStartInfo("sh") { ArgumentList = { "-c", "gzip -dc \"$0\" > /dev/null", file }, UseShellExecute = false })!;
            gzip.WaitForExit();
            return gzip.ExitCode == 0 ? plain.Length : throw new InvalidOperationException($"gzip exited with {gzip.ExitCode}");
        }),
    };

    var medians = new Dictionary<string, double>();
    foreach (var (name, run) in contenders)
    {
        if (run() != plain.Length)
        {
            throw new InvalidOperationException($"{name} did not produce the {plain.Length} bytes");
        }

        var rates = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            rates.Add(plain.Length / 1e6 / clock.Elapsed.TotalSeconds);
        }

        medians[name] = rates.Order().ElementAt(rates.Count / 2);
        Console.WriteLine(FormattableString.Invariant(
            $"{name,-24} median {medians[name],7:F1} MB/s (runs: {string.Join(", ", rates.Order().Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))})"));
    }

    var ours = medians[contenders[0].Name];
    Console.WriteLine(FormattableString.Invariant($"ratio ours / GZipStream: {ours / medians[contenders[1].Name]:F2}; ours / gzip -dc: {ours / medians[contenders[2].Name]:F2}"));
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static async Task<byte[]> SystemGzip(byte[] data)
{
    using var gzip = Process.Start(new ProcessStartInfo("gzip", "-c -6 -n") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false })!;
    var writer = Task.Run(async () =>
    {
        await gzip.StandardInput.BaseStream.WriteAsync(data);
        gzip.StandardInput.Close();
    });
    var output = new MemoryStream();
    await gzip.StandardOutput.BaseStream.CopyToAsync(output);
    await writer;
    await gzip.WaitForExitAsync();
    return output.ToArray();
}
