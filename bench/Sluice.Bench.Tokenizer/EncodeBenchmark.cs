using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sluice.Testing;
using Sluice.Tokenizer;

namespace Sluice.Bench.Tokenizer;

/// <summary>Encode throughput on one core, Sluice vs tiktoken (npm, WebAssembly), same text, same run.</summary>
internal static class EncodeBenchmark
{
    public static void Run(IReadOnlyList<string> encodings, int repeats)
    {
        var text = BrownCorpus.Text();
        var bytes = Encoding.UTF8.GetBytes(text);
        var file = Path.Combine(Path.GetTempPath(), $"sluice-bench-brown-{Environment.ProcessId}.txt");
        File.WriteAllBytes(file, bytes);
        try
        {
            Console.WriteLine($"encode: Brown corpus, {bytes.Length / 1e6:F2} MB UTF-8, one thread each, best of {repeats} runs after a warm-up.");
            Console.WriteLine("Each Sluice run is on a new thread, so its per-thread merge cache starts empty (no help from earlier runs).");
            Console.WriteLine("MB/s by wall clock, and by the process's CPU time (less inflated by other load on a shared machine).");
            Console.WriteLine($"{"encoding",-12} {"tokens",9} {"Sluice",8} {"tiktoken",9} {"ratio",6} | {"Sluice cpu",10} {"tiktoken cpu",12} {"ratio",6} | exact");
            foreach (var name in encodings)
            {
                var tokenizer = TiktokenEncodings.Get(name);
                var ids = new int[bytes.Length];
                var count = 0;
                var best = double.MaxValue;
                var bestCpu = double.MaxValue;
                for (var i = 0; i <= repeats; i++)
                {
                    var (wall, cpu, n) = TimeOnFreshThread(tokenizer, bytes, ids);
                    count = n;
                    if (i > 0)
                    {
                        best = Math.Min(best, wall);
                        bestCpu = Math.Min(bestCpu, cpu);
                    }
                }

                var peer = JsonDocument.Parse(NodePeer.Run("tiktoken-bench.mjs", [name, file, repeats.ToString()], timeout: TimeSpan.FromMinutes(10))).RootElement;
                var peerWall = bytes.Length / peer.GetProperty("seconds").GetDouble() / 1e6;
                var peerCpu = bytes.Length / peer.GetProperty("cpuSeconds").GetDouble() / 1e6;
                var peerTokens = peer.GetProperty("tokens").GetInt32();
                var ours = bytes.Length / best / 1e6;
                var oursCpu = bytes.Length / bestCpu / 1e6;
                Console.WriteLine($"{name,-12} {count,9} {ours,8:F1} {peerWall,9:F1} {ours / peerWall,5:F1}x | {oursCpu,10:F1} {peerCpu,12:F1} {oursCpu / peerCpu,5:F1}x | {(peerTokens == count ? "same token count" : $"DIFFERENT: tiktoken {peerTokens}")}");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (double Wall, double Cpu, int Tokens) TimeOnFreshThread(BpeTokenizer tokenizer, byte[] bytes, int[] ids)
    {
        (double, double, int) result = default;
        var thread = new Thread(() =>
        {
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var count = tokenizer.EncodeOrdinary(bytes, ids);
            var wall = watch.Elapsed.TotalSeconds;
            process.Refresh();
            result = (wall, (process.TotalProcessorTime - cpu).TotalSeconds, count);
        });
        thread.Start();
        thread.Join();
        return result;
    }
}
