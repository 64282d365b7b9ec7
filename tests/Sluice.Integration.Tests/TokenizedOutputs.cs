using System.Security.Cryptography;
using Sluice.Contracts;
using Sluice.Storage;
using Sluice.Tokenizer;
using Sluice.Tokenizer.Shards;

namespace Sluice.Integration.Tests;

/// <summary>Reads back what a <see cref="Tokenized"/> event names: the tokenizer, and every document's text decoded through the shards' document index.</summary>
internal static class TokenizedOutputs
{
    /// <summary>The tokenizer stored under <c>tokenizers/&lt;id&gt;/</c>, checked to have that id.</summary>
    public static async Task<BpeTokenizer> TokenizerAsync(IObjectStore lake, string tokenizerId)
    {
        var key = $"tokenizers/{tokenizerId}/tokenizer.tiktoken.json";
        var tokenizer = TokenizerFile.Parse(await LakeContents.ReadAllAsync(lake, key), key, "from-lake");
        Assert.Equal(tokenizerId, tokenizer.Id);
        return tokenizer;
    }

    /// <summary>
    /// Every document of the event's shards, decoded: id → (split, text). Checks each object's hash and size against the
    /// event, each shard's header (split, tokenizer) and that every document starts with <c>&lt;|endoftext|&gt;</c>.
    /// </summary>
    public static async Task<Dictionary<string, (TokenSplit Split, string Text)>> DecodeAsync(IObjectStore lake, Tokenized tokenized, BpeTokenizer tokenizer)
    {
        var decoded = new Dictionary<string, (TokenSplit, string)>(StringComparer.Ordinal);
        var folder = Directory.CreateTempSubdirectory("sluice-tokens-");
        try
        {
            foreach (var (split, output) in new[] { (TokenSplit.Train, tokenized.Train), (TokenSplit.Validation, tokenized.Validation) })
            {
                var prefix = $"tokens/{tokenizer.Id}/{(split == TokenSplit.Validation ? "val" : "train")}/";
                long tokens = 0, documents = 0;
                foreach (var shard in output.Shards)
                {
                    Assert.StartsWith(prefix, shard.Tokens.Key, StringComparison.Ordinal);
                    Assert.Equal(shard.Tokens.Key[..^".bin".Length] + ".docs", shard.Documents.Key);
                    var path = Path.Combine(folder.FullName, Guid.NewGuid().ToString("N") + ".bin");
                    await File.WriteAllBytesAsync(path, await CheckedAsync(lake, shard.Tokens));
                    await File.WriteAllBytesAsync(TokenShardLayout.IndexPathFor(path), await CheckedAsync(lake, shard.Documents));
                    using var reader = TokenShardReader.Open(path);
                    Assert.Equal(split, reader.Header.Split);
                    Assert.Equal(tokenizer.Id, reader.Header.TokenizerId);
                    Assert.Equal(shard.Tokens.RecordCount, reader.TokenCount);
                    Assert.Equal(shard.Documents.RecordCount, reader.Documents.Count);
                    foreach (var document in reader.Documents)
                    {
                        Assert.Equal(tokenizer.EndOfTextToken, reader[document.Start]);
                        Assert.True(decoded.TryAdd(document.Id, (split, tokenizer.DecodeStrict(reader.ReadDocument(document)))), $"document {document.Id} is in two shards");
                    }

                    tokens += reader.TokenCount;
                    documents += reader.Documents.Count;
                }

                Assert.Equal(output.TokenCount, tokens);
                Assert.Equal(output.DocumentCount, documents);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        return decoded;
    }


    private static async Task<byte[]> CheckedAsync(IObjectStore lake, StoredObjectRef stored)
    {
        var bytes = await LakeContents.ReadAllAsync(lake, stored.Key);
        Assert.Equal(stored.ByteCount, bytes.Length);
        Assert.Equal(stored.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        return bytes;
    }
}
