using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Contracts;
using Sluice.Storage;
using Sluice.Testing;
using Xunit.Abstractions;

namespace Sluice.Cli.Tests;

/// <summary>
/// Load on the local stack: many small files and a few large ones dropped at once. Every document is accounted for from
/// the stages' own events (read off the broker's firehose): each stage's input is its output plus what it removed, and
/// ingest made the documents the files hold. Reports each service's peak resident memory and each stage's throughput.
/// CI runs 1,000 small files and ten of 2 MB; <c>SLUICE_LOAD_LARGE_MB=100</c> runs the full size (docs/reliability.md).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LoadTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Services = ["ingest", "dedupe", "safety-filter", "tokenize", "trainer", "evaluator"];
    private LocalStack? stack;

    /// <inheritdoc />
    public async Task InitializeAsync() =>
        stack = await LocalStack.StartAsync(new Dictionary<string, string> { ["Trainer__StartOnRequestOnly"] = "true" });

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_thousand_small_files_and_ten_large_ones_dropped_at_once_all_arrive_with_bounded_memory()
    {
        var largeMegabytes = int.Parse(Environment.GetEnvironmentVariable("SLUICE_LOAD_LARGE_MB") ?? "2", CultureInfo.InvariantCulture);
        var stack = this.stack!;
        using var firehose = await BrokerFirehose.StartAsync(stack);
        var drops = ObjectStore.OpenS3(stack.Bucket("drop"));
        using var closeDrops = (IDisposable)drops;

        // Small files: one Brown Corpus paragraph each. Large files: JSON lines, each document five paragraphs drawn at
        // random (seeded), so the documents differ and every stage has real work.
        var paragraphs = BrownCorpus.Paragraphs().Where(p => p.Length > 300).Distinct(StringComparer.Ordinal).ToList();
        var expectedDocuments = 0L;
        var droppedBytes = 0L;
        var started = DateTimeOffset.UtcNow;
        for (var i = 0; i < 1000; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(paragraphs[i % paragraphs.Count] + $"\n\nNote {i}.");
            await drops.PutAsync($"small/{i:D4}.txt", new MemoryStream(bytes));
            expectedDocuments++;
            droppedBytes += bytes.Length;
        }

        var random = new Random(17);
        for (var f = 0; f < 10; f++)
        {
            var path = Path.Combine(Path.GetTempPath(), $"sluice-load-{Guid.NewGuid():N}.jsonl");
            try
            {
                await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)))
                {
                    var written = 0L;
                    while (written < (long)largeMegabytes << 20)
                    {
                        var text = string.Join("\n\n", Enumerable.Range(0, 5).Select(_ => paragraphs[random.Next(paragraphs.Count)]));
                        var line = JsonSerializer.Serialize(new { text });
                        await writer.WriteLineAsync(line);
                        written += Encoding.UTF8.GetByteCount(line) + 1;
                        expectedDocuments++;
                    }
                }

                droppedBytes += new FileInfo(path).Length;
                await using var content = File.OpenRead(path);
                await drops.PutAsync($"large/{f:D2}.jsonl", content);
            }
            finally
            {
                File.Delete(path);
            }
        }

        // Settled when every source is ingested and every shard has passed every data stage (tokenize: every cleaned
        // shard left with documents).
        var events = new List<(string Type, JsonNode Message)>();
        var deadline = DateTime.UtcNow.AddMinutes(largeMegabytes >= 50 ? 120 : 15);
        while (true)
        {
            foreach (var message in await firehose.DrainAsync())
            {
                if (message.Exchange.StartsWith("Sluice.Contracts:", StringComparison.Ordinal) && message.PayloadEncoding == "string")
                {
                    events.Add((message.Exchange["Sluice.Contracts:".Length..], JsonNode.Parse(message.Payload)!["message"]!));
                }
            }

            var state = Tally.Of(events);
            if (state.Settled(1010))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not settled: {state}{stack.LogTails()}");
            await Task.Delay(2_000);
        }

        await firehose.StopAsync();
        var tally = Tally.Of(events);

        // Nothing lost: ingest made every document the files hold, and each stage's input is its output plus its removals.
        Assert.Equal(expectedDocuments, tally.Arrived.Sum(a => a.Shard.RecordCount));
        Assert.All(tally.Deduplicated, d => Assert.Equal(d.Input.RecordCount, d.Output.RecordCount + d.RemovedByReason.Values.Sum()));
        Assert.All(tally.Cleaned, c => Assert.Equal(c.Input.RecordCount, c.Output.RecordCount + c.RemovedByReason.Values.Sum()));
        Assert.Equal(tally.Arrived.Select(a => a.Shard.Key).Order(StringComparer.Ordinal), tally.Deduplicated.Select(d => d.Input.Key).Order(StringComparer.Ordinal));
        Assert.Equal(tally.Deduplicated.Select(d => d.Output.Key).Order(StringComparer.Ordinal), tally.Cleaned.Select(c => c.Input.Key).Order(StringComparer.Ordinal));

        // Memory: each service's peak resident set (VmHWM) over the whole load.
        var peaks = Services.ToDictionary(s => s, s => PeakResidentBytes(stack, s));
        Assert.All(peaks, p => Assert.True(p.Value < 3L << 30, $"{p.Key} peaked at {p.Value >> 20} MiB"));

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"load: 1000 small files and 10 of {largeMegabytes} MB, {droppedBytes / 1e6:F1} MB dropped, {expectedDocuments} documents, 0 lost");
        foreach (var (stage, megabytes, first, last) in tally.Stages())
        {
            var span = (last - first).TotalSeconds;
            report.AppendLine(CultureInfo.InvariantCulture, $"  {stage}: {megabytes:F1} MB of text, done {(last - started).TotalSeconds:F0} s after the first drop; {megabytes / Math.Max(span, 0.001):F2} MB/s between its first and last event");
        }

        report.AppendLine(string.Join(", ", peaks.Select(p => $"{p.Key} peak RSS {p.Value >> 20} MiB")));
        log.WriteLine(report.ToString());
    }

    private static long PeakResidentBytes(LocalStack stack, string service)
    {
        var pid = File.ReadAllText(Path.Combine(stack.State, service + ".pid")).Trim();
        var line = File.ReadAllLines(Path.Combine("/proc", pid, "status")).Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }


    /// <summary>The stages' events so far, the latest per shard.</summary>
    private sealed record Tally(List<SourceIngested> Ingested, List<DataArrived> Arrived, List<Deduplicated> Deduplicated, List<Cleaned> Cleaned, List<Tokenized> Tokenized)
    {
        public static Tally Of(List<(string Type, JsonNode Message)> events)
        {
            List<T> Latest<T>(string type, Func<T, string> key) =>
                events.Where(e => e.Type == type).Select(e => e.Message.Deserialize<T>(Json)!).GroupBy(key).Select(g => g.Last()).ToList();
            return new Tally(
                Latest<SourceIngested>("SourceIngested", s => s.Source.Key),
                Latest<DataArrived>("DataArrived", a => a.Shard.Key),
                Latest<Deduplicated>("Deduplicated", d => d.Input.Key),
                Latest<Cleaned>("Cleaned", c => c.Input.Key),
                Latest<Tokenized>("Tokenized", t => t.Input.Key));
        }

        public bool Settled(int sources) =>
            Ingested.Count >= sources
            && Arrived.Count == Ingested.Sum(s => s.DocumentShards.Count)
            && Deduplicated.Count == Arrived.Count
            && Cleaned.Count == Deduplicated.Count
            && Cleaned.Where(c => c.Output.RecordCount > 0).All(c => Tokenized.Any(t => t.Input.Key == c.Output.Key));

        public IEnumerable<(string Stage, double Megabytes, DateTimeOffset First, DateTimeOffset Last)> Stages()
        {
            yield return ("ingest", Arrived.Sum(a => a.TextByteCount) / 1e6, Arrived.Min(a => a.OccurredAt), Arrived.Max(a => a.OccurredAt));
            yield return ("dedupe", Arrived.Sum(a => a.TextByteCount) / 1e6, Deduplicated.Min(d => d.OccurredAt), Deduplicated.Max(d => d.OccurredAt));
            yield return ("safety-filter", Deduplicated.Sum(d => d.TextByteCount) / 1e6, Cleaned.Min(c => c.OccurredAt), Cleaned.Max(c => c.OccurredAt));
            yield return ("tokenize", Cleaned.Sum(c => c.TextByteCount) / 1e6, Tokenized.Min(t => t.OccurredAt), Tokenized.Max(t => t.OccurredAt));
        }

        public override string ToString() =>
            $"{Ingested.Count} sources ingested, {Arrived.Count} shards arrived, {Deduplicated.Count} deduplicated, {Cleaned.Count} cleaned, {Tokenized.Count} tokenized";
    }
}
