using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sluice.SafetyFilter;
using Sluice.Testing;

// One thread, so the figures are per core. Usage: Sluice.Bench.SafetyFilter [passes]
var passes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var documents = BrownCorpus.Documents().Select(d => new SafetyDocument(d.Name, d.Text)).ToList();
var megabytes = documents.Sum(d => Encoding.UTF8.GetByteCount(d.Text)) / 1e6;
var identifier = LanguageModelCache.LoadOrTrain(new FortuneTrainingCorpus());
var wordLists = RepoLayout.PeerPackage("naughty-words");

Console.WriteLine($"Safety filter on the Brown corpus: {documents.Count} documents, {megabytes:F2} MB, {passes} passes, 1 thread");
Console.WriteLine("No installed peer implements these filters (datatrove is Python and not installed), so only Sluice's figures are printed.");
Measure("all rules", _ => { });
Measure("pii only", o => Only(o, "pii"));
Measure("language only", o => Only(o, "language"));
Measure("gopher repetition only", o => Only(o, "gopher_repetition"));
Measure("gopher quality only", o => Only(o, "gopher_quality"));
Measure("c4 only", o => Only(o, "c4"));
Measure("fineweb only", o => Only(o, "fineweb"));
Measure("toxicity only", o => Only(o, "toxicity"));

void Measure(string label, Action<SafetyFilterOptions> configure)
{
    var options = new SafetyFilterOptions { Toxicity = { WordListFolder = wordLists } };
    options.Stage.TagOnly = true;
    configure(options);
    var stage = SafetyFilterBuilder.Build(options, identifier);
    // A full untimed pass first, so tiered JIT has settled before timing.
    foreach (var document in documents)
    {
        stage.Process(document);
    }

    var stopwatch = Stopwatch.StartNew();
    for (var pass = 0; pass < passes; pass++)
    {
        foreach (var document in documents)
        {
            stage.Process(document);
        }
    }

    var seconds = stopwatch.Elapsed.TotalSeconds;
    Console.WriteLine($"{label,-24} {documents.Count * passes / seconds,10:F1} docs/s {megabytes * passes / seconds,8:F2} MB/s");
}

static void Only(SafetyFilterOptions options, string rule)
{
    options.Pii.Enabled = rule == "pii";
    options.Language.Enabled = rule == "language";
    options.GopherRepetition.Enabled = rule == "gopher_repetition";
    options.GopherQuality.Enabled = rule == "gopher_quality";
    options.C4.Enabled = rule == "c4";
    options.FineWeb.Enabled = rule == "fineweb";
    options.Toxicity.Enabled = rule == "toxicity";
}
