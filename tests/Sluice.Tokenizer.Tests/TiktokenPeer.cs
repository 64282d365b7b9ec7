using System.Text;
using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Tokenizer.Tests;

/// <summary>Encodes texts with the npm tiktoken package (scripts/peers/tiktoken-encode.mjs).</summary>
internal static class TiktokenPeer
{
    public static int[][] Encode(string encodingOrFile, IReadOnlyList<string> texts, bool allowSpecial = false)
    {
        var arguments = new List<string> { encodingOrFile };
        if (allowSpecial)
        {
            arguments.Add("--allow-special");
        }

        var output = NodePeer.RunBytes("tiktoken-encode.mjs", arguments, Encoding.UTF8.GetBytes(ToJsonArray(texts)));
        return JsonSerializer.Deserialize<int[][]>(output)!;
    }

    /// <summary>A JSON array of strings with every non-ASCII UTF-16 unit escaped, so lone surrogates reach node intact.</summary>
    public static string ToJsonArray(IReadOnlyList<string> texts)
    {
        var json = new StringBuilder("[");
        for (var t = 0; t < texts.Count; t++)
        {
            json.Append(t == 0 ? "\"" : ",\"");
            foreach (var c in texts[t])
            {
                if (c is '"' or '\\')
                {
                    json.Append('\\').Append(c);
                }
                else if (c < 0x20 || c > 0x7E)
                {
                    json.Append("\\u").Append(((int)c).ToString("x4"));
                }
                else
                {
                    json.Append(c);
                }
            }

            json.Append('"');
        }

        return json.Append(']').ToString();
    }
}
