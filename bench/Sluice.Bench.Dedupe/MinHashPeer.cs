using System.Globalization;
using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Bench.Dedupe;

/// <summary>Runs the npm <c>minhash</c> package (scripts/peers/minhash.mjs) on the same documents.</summary>
internal static class MinHashPeer
{
    public static PeerRun Run(string mode, IReadOnlyList<string> documents, int passes)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sluice-dedupe-bench-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(documents));
        try
        {
            var output = NodePeer.Run("minhash.mjs", [mode, file, "112", "5", "8", passes.ToString(CultureInfo.InvariantCulture)], timeout: TimeSpan.FromMinutes(20));
            using var json = JsonDocument.Parse(output);
            var wall = Measure.Median(json.RootElement.GetProperty("seconds").EnumerateArray().Select(e => e.GetDouble()));
            var cpu = Measure.Median(json.RootElement.GetProperty("cpuSeconds").EnumerateArray().Select(e => e.GetDouble()));
            return new PeerRun(json.RootElement.GetProperty("bytes").GetInt64(), new Timing(wall, cpu), json.RootElement.GetProperty("duplicates").GetInt32());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
