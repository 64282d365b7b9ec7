using Sluice.Tokenizer;
using Sluice.Tokenizer.Shards;

namespace Sluice.Tokenize;

/// <summary>
/// The shards of one split for one input: a new shard is started when the next document would take the current one past
/// the shard size (a single document longer than that gets a shard of its own, since documents never straddle shards).
/// </summary>
internal sealed class SplitShardSeries(BpeTokenizer tokenizer, TokenizeOptions options, TokenSplit split, Func<TokenSplit, int, string> pathFor) : IDisposable
{
    private readonly List<WrittenTokenShard> written = [];
    private TokenShardWriter? current;
    private string currentPath = string.Empty;

    public void Add(string documentId, ReadOnlySpan<int> tokens)
    {
        var length = (long)tokens.Length + 1;
        if (current is not null && current.DocumentCount > 0 && current.TokenCount + length > options.ShardTokens)
        {
            CompleteCurrent();
        }

        if (current is null)
        {
            currentPath = pathFor(split, written.Count);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(currentPath))!);
            current = new TokenShardWriter(currentPath, new TokenShardWriterOptions
            {
                TokenizerId = tokenizer.Id,
                VocabularySize = tokenizer.VocabularySize,
                EndOfTextToken = tokenizer.EndOfTextToken,
                Split = split,
                ValidationFraction = options.ValidationFraction,
            });
        }

        current.AddDocument(documentId, tokens);
    }

    public IReadOnlyList<WrittenTokenShard> Complete()
    {
        if (current is not null)
        {
            CompleteCurrent();
        }

        return written;
    }

    public void Dispose() => current?.Dispose();

    private void CompleteCurrent()
    {
        var header = current!.Complete();
        current.Dispose();
        current = null;
        written.Add(new WrittenTokenShard(split, written.Count, currentPath, TokenShardLayout.IndexPathFor(currentPath), header.TokenCount, header.DocumentCount));
    }
}
