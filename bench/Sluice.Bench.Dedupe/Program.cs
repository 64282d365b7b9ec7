using System.Globalization;
using Sluice.Bench.Dedupe;
using Sluice.Dedupe;
using Sluice.Dedupe.Index;
using Sluice.Dedupe.MinHash;
using Sluice.Dedupe.Normalization;
using Sluice.Testing;

// Single-threaded throughout, so every figure is per core; rates are given per CPU second (and per wall second).
//   dotnet run -c Release --project bench/Sluice.Bench.Dedupe -- [--passes N] [--peer-documents N] [--no-postgres]
var passes = IntOption("--passes", 5);
var peerDocuments = IntOption("--peer-documents", 40);
var withPostgres = !args.Contains("--no-postgres");
var options = new DedupeOptions();
Console.WriteLine($"dedupe bench: {options.MinHash.HashCount} hashes ({options.MinHash.Bands} bands x {options.MinHash.RowsPerBand} rows), word {options.MinHash.ShingleSize}-grams; " +
                  $"{Environment.ProcessorCount} cores, one thread used; {passes} passes, medians; 512-bit SIMD: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");

// 1. Signatures from raw text: normalize, exact hash, shingle, 112 MinHash values, 14 band keys.
var files = BenchCorpus.Files();
var fileBytes = BenchCorpus.Utf8Bytes(files);
var fingerprinter = new DocumentFingerprinter(options);
void FingerprintAll(IEnumerable<string> texts)
{
    foreach (var text in texts)
    {
        fingerprinter.Fingerprint("d", text);
    }
}

// Two warm-up passes, so tiered JIT compilation has finished before anything is timed.
FingerprintAll(files);
FingerprintAll(files);
var fingerprint = Measure.Passes(passes, () => FingerprintAll(files));
Console.WriteLine($"signatures from raw text (Brown, {files.Count} files, {fileBytes / 1e6:F2} MB): {Rate(fileBytes / 1e6, fingerprint, "MB/s")}");

// 2. The MinHash step alone, on shingle hashes computed beforehand.
var normalizer = new TextNormalizer(options.Normalization);
var normalizedTexts = files.Select(normalizer.Normalize).ToList();
var shingler = new WordShingler(options.MinHash.ShingleSize, options.MinHash.Seed);
var shingleSets = normalizedTexts.Select(normalized =>
{
    var buffer = new uint[WordShingler.MaxShingles(normalized.Length)];
    return buffer[..shingler.Shingle(normalized, buffer)];
}).ToList();
var builder = new MinHashSignatureBuilder(options.MinHash.HashCount, options.MinHash.Seed);
var signature = new uint[options.MinHash.HashCount];
var hashOnly = Measure.Passes(passes, () =>
{
    foreach (var shingles in shingleSets)
    {
        builder.Compute(shingles, signature);
    }
});
var shingleCount = shingleSets.Sum(s => (long)s.Length);
Console.WriteLine($"  of which the MinHash step: {Rate(shingleCount / 1e6, hashOnly, "M shingles/s")} = {Rate(fileBytes / 1e6, hashOnly, "MB/s")} of that text");
var normalizing = Measure.Passes(passes, () => normalizedTexts = files.Select(normalizer.Normalize).ToList());
var shingleBuffer = new uint[WordShingler.MaxShingles(normalizedTexts.Max(t => t.Length))];
var shingling = Measure.Passes(passes, () =>
{
    foreach (var text in normalizedTexts)
    {
        shingler.Shingle(text, shingleBuffer);
    }
});
var hashing = Measure.Passes(passes, () =>
{
    foreach (var text in normalizedTexts)
    {
        DocumentFingerprinter.ContentHash(text);
    }
});
Console.WriteLine($"  normalizing: {Rate(fileBytes / 1e6, normalizing, "MB/s")}; shingling: {Rate(fileBytes / 1e6, shingling, "MB/s")}; exact hash (SHA-256): {Rate(fileBytes / 1e6, hashing, "MB/s")}");

// 3. The npm minhash peer on the same files (a subset: it is slow), and Sluice on that same subset.
var subset = files.Take(peerDocuments).ToList();
var subsetBytes = BenchCorpus.Utf8Bytes(subset);
var oursOnSubset = Measure.Passes(passes, () => FingerprintAll(subset));
var peerSignatures = MinHashPeer.Run("signatures", subset, passes: 3);
var oursMbps = subsetBytes / 1e6 / oursOnSubset.CpuSeconds;
var peerMbps = peerSignatures.Bytes / 1e6 / peerSignatures.Timing.CpuSeconds;
Console.WriteLine($"signatures, first {subset.Count} files ({subsetBytes / 1e6:F2} MB), per CPU second: Sluice {oursMbps:F2} MB/s | npm minhash 0.0.9 {peerMbps:F3} MB/s | ratio {oursMbps / peerMbps:F0}x");

// 4. End to end: the stage over shards of 1,000 paragraphs (a quarter of them followed somewhere by a duplicate).
var paragraphs = BenchCorpus.ParagraphsWithDuplicates();
var paragraphBytes = BenchCorpus.Utf8Bytes(paragraphs.Select(p => p.Text));
var shards = paragraphs.Chunk(1000).Select((docs, i) => (Key: $"shard-{i:D3}", Documents: (IReadOnlyList<DedupeDocument>)docs)).ToList();
var stats = new List<DedupeShardStats>();
async Task RunShardsAsync(IDedupeIndex index)
{
    stats.Clear();
    var stage = new DedupeStage(options, index);
    foreach (var (key, documents) in shards)
    {
        stats.Add((await stage.ProcessAsync(key, documents)).Stats);
    }
}

var inProcess = await Measure.PassesAsync(passes, async () =>
{
    await using var index = new InProcessDedupeIndex(options);
    await RunShardsAsync(index);
});
Console.WriteLine($"end to end, in-process index ({paragraphs.Count} paragraph documents, {paragraphBytes / 1e6:F1} MB): {Rate(paragraphs.Count, inProcess, "docs/s")}; " +
                  $"kept {stats.Sum(s => s.Kept)}, exact {stats.Sum(s => s.Exact)}, near {stats.Sum(s => s.Near)}");

var peerSubset = paragraphs.Take(peerDocuments * 100).ToList();
DedupeShardStats? subsetStats = null;
var oursSubset = await Measure.PassesAsync(passes, async () =>
{
    await using var index = new InProcessDedupeIndex(options);
    subsetStats = (await new DedupeStage(options, index).ProcessAsync("subset", peerSubset)).Stats;
});
var peerDedupe = MinHashPeer.Run("dedupe", peerSubset.Select(p => p.Text).ToList(), passes: 3);
var oursDocs = peerSubset.Count / oursSubset.CpuSeconds;
var peerDocs = peerSubset.Count / peerDedupe.Timing.CpuSeconds;
Console.WriteLine($"end to end, first {peerSubset.Count} paragraphs, per CPU second: Sluice in-process {oursDocs:F0} docs/s (flagged {subsetStats!.Exact + subsetStats.Near}) | " +
                  $"npm minhash LshIndex {peerDocs:F0} docs/s (flagged {peerDedupe.Duplicates}) | ratio {oursDocs / peerDocs:F0}x");

if (withPostgres)
{
    using var server = PostgresServer.Start();
    var run = 0;
    var postgres = await Measure.PassesAsync(Math.Min(passes, 3), async () =>
    {
        var indexOptions = new PostgresDedupeIndexOptions { ConnectionString = server.ConnectionString, Schema = $"bench_{run++}" };
        await using var index = await PostgresDedupeIndex.OpenAsync(indexOptions, options);
        await RunShardsAsync(index);
    });
    Console.WriteLine($"end to end, PostgreSQL index (local server, batches of {options.BatchSize}): {Rate(paragraphs.Count, postgres, "docs/s")} " +
                      $"(CPU of the dedupe process only; the server's own CPU is not counted); kept {stats.Sum(s => s.Kept)}, exact {stats.Sum(s => s.Exact)}, near {stats.Sum(s => s.Near)}");
}

static string Rate(double work, Timing timing, string unit) =>
    $"{work / timing.CpuSeconds:F1} {unit} per CPU second ({work / timing.WallSeconds:F1} per wall second)";

int IntOption(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
