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
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
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
    Console.WriteLine("figures: MB of decompressed output per CPU-second (one core), median of the runs after one warm-up run each");

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

    // Each run returns the output bytes and the CPU seconds it took: this process's CPU time for the in-process readers
    // (they run on this thread; workstation GC), the shell's `times` for its gzip child. CPU seconds give a per-core
    // figure that holds while other builds compete for the 2 cores; the wall-clock rate is printed beside it.
    static double OwnCpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    (long Bytes, double Cpu) InProcess(Func<Stream> open)
    {
        var before = OwnCpu();
        using var stream = open();
        var bytes = Drain(stream);
        return (bytes, OwnCpu() - before);
    }

    var contenders = new (string Name, Func<(long Bytes, double Cpu)> Run)[]
    {
        ("ours: GzipMemberStream", () => InProcess(() => new GzipMemberStream(new MemoryStream(compressed), "gzip stream 'brown.jsonl.gz'"))),
        ("peer: .NET GZipStream", () => InProcess(() => new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress))),
        ("peer: gzip -dc", () =>
        {
            using var shell = Process.Start(new ProcessStartInfo("sh") { ArgumentList = { "-c", "gzip -dc \"$0\" > /dev/null && times", file }, RedirectStandardOutput = true, UseShellExecute = false })!;
            var times = shell.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            shell.WaitForExit();
            if (shell.ExitCode != 0 || times.Length < 2)
            {
                throw new InvalidOperationException($"gzip -dc exited with {shell.ExitCode}");
            }

            // The second line of `times` is the children's user and system time, such as "0m0.251000s 0m0.012000s".
            var cpu = times[1].Split(' ').Sum(t => (double.Parse(t[..t.IndexOf('m')], CultureInfo.InvariantCulture) * 60) + double.Parse(t[(t.IndexOf('m') + 1)..^1], CultureInfo.InvariantCulture));
            return (plain.Length, cpu);
        }),
    };

    var medians = new Dictionary<string, double>();
    foreach (var (name, run) in contenders)
    {
        if (run().Bytes != plain.Length)
        {
            throw new InvalidOperationException($"{name} did not produce the {plain.Length} bytes");
        }

        var perCore = new List<double>();
        var wall = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var (_, cpu) = run();
            wall.Add(plain.Length / 1e6 / clock.Elapsed.TotalSeconds);
            perCore.Add(plain.Length / 1e6 / cpu);
        }

        medians[name] = Median(perCore);
        Console.WriteLine(FormattableString.Invariant(
            $"{name,-24} median {medians[name],7:F1} MB/s per core-second (runs: {string.Join(", ", perCore.Order().Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}); wall clock median {Median(wall):F1} MB/s"));
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

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
