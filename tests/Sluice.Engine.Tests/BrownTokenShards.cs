using System.Text;
using Sluice.Testing;
using Sluice.Tokenizer.Shards;

namespace Sluice.Engine.Tests;

/// <summary>
/// Writes Brown corpus documents as token shards (train and validation) in the shard format, tokenised as UTF-8
/// bytes (ids 0–255, <c>&lt;|endoftext|&gt;</c> = 256): real English text at a vocabulary a CI-sized model can learn.
/// </summary>
internal static class BrownTokenShards
{
    public const int VocabularySize = 257;
    public const string TokenizerId = "0000000000000000000000000000000000000000000000000000000000000b7e";

    public static string Write(string folder, int trainDocuments, int validationDocuments)
    {
        var documents = BrownCorpus.Documents().Take(trainDocuments + validationDocuments).ToList();
        WriteShard(Path.Combine(folder, "train", "000000.bin"), TokenSplit.Train, documents.Take(trainDocuments));
        WriteShard(Path.Combine(folder, "val", "000000.bin"), TokenSplit.Validation, documents.Skip(trainDocuments));
        return folder;
    }

    private static void WriteShard(string path, TokenSplit split, IEnumerable<(string Name, string Text)> documents)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new TokenShardWriterOptions
        {
            TokenizerId = TokenizerId,
            VocabularySize = VocabularySize,
            EndOfTextToken = 256,
            Split = split,
        };
        using var writer = new TokenShardWriter(path, options);
        foreach (var (name, text) in documents)
        {
            writer.AddDocument(name, Encoding.UTF8.GetBytes(text).Select(b => (int)b).ToArray());
        }

        writer.Complete();
    }
}
