using System.Globalization;

/// <summary>The benchmark's command line: <c>--name value</c> pairs with the documented defaults.</summary>
internal sealed record BenchSettings(string Preset, int Threads, int Steps, int Batch, int Sequence, int Accumulation, int Runs, int RssSteps, int RssBatch, int RssSequence, int PromptTokens, int GenerateTokens)
{
    public static BenchSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var settings = new BenchSettings(
            values.GetValueOrDefault("preset", "gpt2-tiny"), Int("threads", 2), Int("steps", 8), Int("batch", 8), Int("sequence", 256),
            Int("accumulation", 1), Int("runs", 5), Int("rss-steps", 1000), Int("rss-batch", 1), Int("rss-sequence", 64),
            Int("prompt", 64), Int("generate", 128));
        if (settings.Steps < 2 || settings.Threads < 1 || settings.Batch < 1 || settings.Sequence < 1 || settings.Accumulation < 1 || settings.Runs < 1 || settings.RssSteps < 0)
        {
            throw new ArgumentException("steps must be at least 2 and every other number positive");
        }

        return settings;
    }
}
