using System.Text;
using Sluice.Testing;
using Sluice.Tokenizer;
using Sluice.Tokenizer.Shards;

namespace Sluice.Engine.Tests;

/// <summary>
/// Writes Brown corpus documents as token shards (train and validation) in the shard format: tokenised as UTF-8
/// bytes (ids 0–255, <c>&lt;|endoftext|&gt;</c> = 256), real English text at a vocabulary a CI-sized model learns
/// in seconds, or with the GPT-2 tokenizer.
/// </summary>
internal static class BrownTokenShards
{
    public const int VocabularySize = 257;
    public const string TokenizerId = "0000000000000000000000000000000000000000000000000000000000000b7e";

    public static string Write(string folder, int trainDocuments, int validationDocuments)
    {
        var options = new TokenShardWriterOptions { TokenizerId = TokenizerId, VocabularySize = VocabularySize, EndOfTextToken = 256 };
        return Write(folder, trainDocuments, validationDocuments, options, text => Encoding.UTF8.GetBytes(text).Select(b => (int)b).ToArray());
    }

    public static string WriteGpt2(string folder, int trainDocuments, int validationDocuments)
    {
        var gpt2 = TiktokenEncodings.Get("gpt2");
        var options = new TokenShardWriterOptions { TokenizerId = gpt2.Id, VocabularySize = gpt2.VocabularySize, EndOfTextToken = gpt2.EndOfTextToken };
        return Write(folder, trainDocuments, validationDocuments, options, gpt2.EncodeOrdinary);
    }

    private static string Write(string folder, int trainDocuments, int validationDocuments, TokenShardWriterOptions options, Func<string, int[]> encode)
    {
        var documents = BrownCorpus.Documents().Take(trainDocuments + validationDocuments).ToList();
        WriteShard(Path.Combine(folder, "train", "000000.bin"), new TokenShardWriterOptions
        {
            TokenizerId = options.TokenizerId, VocabularySize = options.VocabularySize, EndOfTextToken = options.EndOfTextToken, Split = TokenSplit.Train,
        }, documents.Take(trainDocuments), encode);
        WriteShard(Path.Combine(folder, "val", "000000.bin"), new TokenShardWriterOptions
        {
            TokenizerId = options.TokenizerId, VocabularySize = options.VocabularySize, EndOfTextToken = options.EndOfTextToken, Split = TokenSplit.Validation,
        }, documents.Skip(trainDocuments), encode);
        return folder;
    }

    private static void WriteShard(string path, TokenShardWriterOptions options, IEnumerable<(string Name, string Text)> documents, Func<string, int[]> encode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new TokenShardWriter(path, options);
        foreach (var (name, text) in documents)
        {
            writer.AddDocument(name, encode(text));
        }

        writer.Complete();
    }
}
