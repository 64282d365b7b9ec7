using System.Text;
using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Tokenizer.Tests;

/// <summary>Hugging Face tokenizers (npm, native): training (scripts/peers/hf-train.mjs) and encoding (hf-encode.mjs).</summary>
internal static class HuggingFacePeer
{
    public sealed record Training(double Seconds, int VocabSize, string[][] Merges);

    public static Training Train(string outputJson, params string[] files)
    {
        var output = NodePeer.Run("hf-train.mjs", [outputJson, .. files], timeout: TimeSpan.FromMinutes(10));
        return JsonSerializer.Deserialize<Training>(output, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    public static int[][] Encode(string tokenizerJson, IReadOnlyList<string> texts)
    {
        var output = NodePeer.RunBytes("hf-encode.mjs", [tokenizerJson], Encoding.UTF8.GetBytes(TiktokenPeer.ToJsonArray(texts)));
        return JsonSerializer.Deserialize<int[][]>(output)!;
    }

    /// <summary>Lines as Hugging Face's train_from_files reads them: each with its line break.</summary>
    public static List<string> LinesWithBreaks(string text)
    {
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
