using System.Globalization;
using Sluice.Contracts;
using Sluice.Stages;
using Sluice.Tokenizer;
using Sluice.Tokenizer.Shards;

namespace Sluice.Tokenize.Worker;

/// <summary>
/// The output of tokenize: token shards (llm.c's layout plus a document index, docs/token-shards.md) for each split,
/// cut at <see cref="TokenizeOptions.ShardTokens"/>, written to a scratch folder, then put into the lake at
/// <see cref="LakeKeys.TokenShard"/> and checked there.
/// </summary>
internal sealed class TokenShardOutput : IStageOutput<TokenizedDocument, TokenSplits>
{
    private readonly ShardOutputContext context;
    private readonly BpeTokenizer tokenizer;
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("sluice-tokenize-");
    private readonly SplitShardSeries train;
    private readonly SplitShardSeries validation;

    private TokenShardOutput(ShardOutputContext context, BpeTokenizer tokenizer, TokenizeOptions options)
    {
        this.context = context;
        this.tokenizer = tokenizer;
        train = new SplitShardSeries(tokenizer, options, TokenSplit.Train, PathFor);
        validation = new SplitShardSeries(tokenizer, options, TokenSplit.Validation, PathFor);
    }

    /// <summary>Opens the output of one input for the runner.</summary>
    public static Func<ShardOutputContext, IStageOutput<TokenizedDocument, TokenSplits>> For(BpeTokenizer tokenizer, TokenizeOptions options) =>
        context => new TokenShardOutput(context, tokenizer, options);

    public ValueTask WriteAsync(TokenizedDocument output, CancellationToken cancellationToken)
    {
        (output.Split == TokenSplit.Validation ? validation : train).Add(output.Id, output.Tokens);
        return ValueTask.CompletedTask;
    }

    public async Task<TokenSplits> CompleteAsync(CancellationToken cancellationToken) => new(
        await PutAsync(train.Complete(), cancellationToken).ConfigureAwait(false),
        await PutAsync(validation.Complete(), cancellationToken).ConfigureAwait(false));

    public ValueTask DisposeAsync()
    {
        train.Dispose();
        validation.Dispose();
        scratch.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task<TokenSplitOutput> PutAsync(IReadOnlyList<WrittenTokenShard> shards, CancellationToken cancellationToken)
    {
        var refs = new List<TokenShardRef>();
        foreach (var shard in shards)
        {
            var split = shard.Split == TokenSplit.Validation ? LakeKeys.ValidationSplit : LakeKeys.TrainSplit;
            var key = LakeKeys.TokenShard(tokenizer.Id, split, context.Input.Sha256, context.ConfigHash, shard.Part);
            var documents = await context.PutFileAsync(TokenShardLayout.IndexPathFor(key), shard.IndexPath, shard.DocumentCount, cancellationToken).ConfigureAwait(false);
            var tokens = await context.PutFileAsync(key, shard.TokenPath, shard.TokenCount, cancellationToken).ConfigureAwait(false);
            refs.Add(new TokenShardRef { Tokens = tokens, Documents = documents });
        }

        return new TokenSplitOutput
        {
            TokenCount = shards.Sum(s => s.TokenCount),
            DocumentCount = shards.Sum(s => (long)s.DocumentCount),
            Shards = refs,
        };
    }

    private string PathFor(TokenSplit split, int part) =>
        Path.Combine(scratch.FullName, split == TokenSplit.Validation ? "val" : "train", part.ToString("D5", CultureInfo.InvariantCulture) + TokenShardLayout.TokenFileExtension);
}
