using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sluice.Testing;
using Sluice.Tokenizer;
using Sluice.Tokenizer.Training;

namespace Sluice.Bench.Tokenizer;

/// <summary>BPE training time on the Brown corpus, Sluice vs Hugging Face tokenizers (npm, native), same run.</summary>
internal static class TrainBenchmark
{
    public static void Run(int repeats)
    {
        var folder = RepoLayout.NewTempFolder("bench-train");
        try
        {
            var text = BrownCorpus.Text();
            var corpus = Path.Combine(folder, "brown.txt");
            File.WriteAllText(corpus, text);
            var seenBytes = Encoding.UTF8.GetBytes(text).Distinct().Count();
            Console.WriteLine($"train: Brown corpus, {new FileInfo(corpus).Length / 1e6:F2} MB, every line a sequence (as tokenizers' train_from_files), GPT-2 pattern, min frequency 0.");
            Console.WriteLine("The npm tokenizers binding trains only with BpeTrainer's defaults: 30,000 ids (bytes seen + merges); Sluice is run");
            Console.WriteLine($"to the same number of merges (30,000 - {seenBytes} seen bytes + 256 ids), and once more to 32,000 ids. Times include reading the file.");

            var hfBest = double.MaxValue;
            var hfMerges = 0;
            for (var i = 0; i < repeats; i++)
            {
                var output = NodePeer.Run("hf-train.mjs", [Path.Combine(folder, "hf.json"), corpus], timeout: TimeSpan.FromMinutes(10));
                var result = JsonDocument.Parse(output).RootElement;
                hfBest = Math.Min(hfBest, result.GetProperty("seconds").GetDouble());
                hfMerges = result.GetProperty("merges").GetArrayLength();
            }

            var (same, sameMerges) = TimeOurs(corpus, 30_000 - seenBytes + 256, repeats);
            var (at32k, merges32k) = TimeOurs(corpus, 32_000, repeats);
            Console.WriteLine($"{"trainer",-28} {"merges",7} {"seconds",8} {"time vs HF",10}");
            Console.WriteLine($"{"Hugging Face (30,000 ids)",-28} {hfMerges,7} {hfBest,8:F2} {1.0,9:F2}x");
            Console.WriteLine($"{"Sluice (same merges)",-28} {sameMerges,7} {same,8:F2} {same / hfBest,9:F2}x");
            Console.WriteLine($"{"Sluice (32,000 ids)",-28} {merges32k,7} {at32k,8:F2} {at32k / hfBest,9:F2}x");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (double Seconds, int Merges) TimeOurs(string corpus, int vocabularySize, int repeats)
    {
        var best = double.MaxValue;
        var merges = 0;
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            var lines = ReadLinesWithBreaks(corpus);
            var result = new BpeTrainer(new BpeTrainerOptions { VocabularySize = vocabularySize, MinimumPairFrequency = 0, SpecialTokens = [], Pattern = "gpt2" }).Train(lines);
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            merges = result.Merges.Count;
        }

        return (best, merges);
    }

    private static List<string> ReadLinesWithBreaks(string path)
    {
        var text = File.ReadAllText(path);
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }
}
