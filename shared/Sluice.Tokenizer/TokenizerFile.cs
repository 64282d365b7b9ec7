using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.Tokenizer;

/// <summary>
/// Sluice's tokenizer file: the JSON shape of the npm <c>tiktoken</c> package's <c>encoders/*.json</c>
/// (<c>pat_str</c>, <c>special_tokens</c>, <c>bpe_ranks</c> = <c>"! 0 "</c> followed by each rank's bytes in base64,
/// space-separated, in rank order), so a Sluice tokenizer loads in tiktoken unchanged. The canonical form written by
/// <see cref="Serialize"/> (keys in that order, special tokens by id, no extra white space) is what a tokenizer's id hashes.
/// </summary>
public static class TokenizerFile
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>Loads a tokenizer file; the name defaults to the file name without extension.</summary>
    public static BpeTokenizer Load(string path, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Tokenizer file {path} does not exist.", path);
        }

        return Parse(File.ReadAllBytes(path), path, name ?? Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Parses tokenizer file content; <paramref name="source"/> names it in errors.</summary>
    public static BpeTokenizer Parse(ReadOnlySpan<byte> json, string source, string name)
    {
        string? pattern = null;
        string? ranksText = null;
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "pat_str":
                        pattern = property.Value.GetString();
                        break;
                    case "bpe_ranks":
                        ranksText = property.Value.GetString();
                        break;
                    case "special_tokens":
                        foreach (var special in property.Value.EnumerateObject())
                        {
                            specials[special.Name] = special.Value.GetInt32();
                        }

                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new TokenizerFormatException(source, "not a tokenizer JSON file (" + e.Message + ")", e);
        }

        if (pattern is null || ranksText is null)
        {
            throw new TokenizerFormatException(source, "missing \"pat_str\" or \"bpe_ranks\".");
        }

        var ranks = ParseRanks(ranksText, source);
        try
        {
            return new BpeTokenizer(name, pattern, ranks, specials);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new TokenizerFormatException(source, e.Message, e);
        }
    }

    /// <summary>The canonical file content of a tokenizer (UTF-8 JSON).</summary>
    public static byte[] Serialize(BpeTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("pat_str", tokenizer.Pattern);
            writer.WriteStartObject("special_tokens");
            foreach (var (token, id) in tokenizer.SpecialTokens.OrderBy(p => p.Value))
            {
                writer.WriteNumber(token, id);
            }

            writer.WriteEndObject();
            var ranks = new StringBuilder("! 0", tokenizer.MergeableCount * 8);
            for (var rank = 0; rank < tokenizer.MergeableCount; rank++)
            {
                ranks.Append(' ').Append(Convert.ToBase64String(tokenizer.Vocabulary.BytesOf(rank)));
            }

            writer.WriteString("bpe_ranks", ranks.ToString());
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Saves the canonical file.</summary>
    public static void Save(BpeTokenizer tokenizer, string path) => File.WriteAllBytes(path, Serialize(tokenizer));

    /// <summary>
    /// Writes the ranks in tiktoken's <c>.tiktoken</c> format (one line per rank: base64 bytes, a space, the rank), which
    /// Python's <c>tiktoken.load.load_tiktoken_bpe</c> reads.
    /// </summary>
    public static void SaveTiktokenRanks(BpeTokenizer tokenizer, string path) => File.WriteAllBytes(path, SerializeTiktokenRanks(tokenizer));

    /// <summary>The ranks in tiktoken's <c>.tiktoken</c> format, as <see cref="SaveTiktokenRanks"/> writes them.</summary>
    public static byte[] SerializeTiktokenRanks(BpeTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var text = new StringBuilder();
        for (var rank = 0; rank < tokenizer.MergeableCount; rank++)
        {
            text.Append(Convert.ToBase64String(tokenizer.Vocabulary.BytesOf(rank))).Append(' ').Append(rank).Append('\n');
        }

        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    private static List<byte[]?> ParseRanks(string text, string source)
    {
        var ranks = new List<byte[]?>();
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i] == "!")
            {
                if (i + 1 >= fields.Length || !int.TryParse(fields[i + 1], out var next) || next < ranks.Count)
                {
                    throw new TokenizerFormatException(source, $"bad rank offset after '!' at field {i} of bpe_ranks.");
                }

                while (ranks.Count < next)
                {
                    ranks.Add(null);
                }

                i++;
                continue;
            }

            try
            {
                ranks.Add(Convert.FromBase64String(fields[i]));
            }
            catch (FormatException e)
            {
                throw new TokenizerFormatException(source, $"rank {ranks.Count} is not base64: '{fields[i]}'.", e);
            }
        }

        return ranks;
    }
}
