using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sluice.Documents;
using Sluice.Stages;
using Sluice.Tokenizer;
using Sluice.Tokenizer.Shards;

namespace Sluice.Tokenize;

/// <summary>
/// Tokenizes the documents of one cleaned shard with one tokenizer: each kept document leaves as its tokens, in the
/// train or validation split by its id; a document with no text, or with an id already seen in the shard, is rejected
/// with its reason. Documents are read in batches of about <see cref="TokenizeOptions.BatchBytes"/> of text, tokenized in
/// parallel and handed on in input order, so the output is the same bytes for any thread count and only one batch's
/// tokens are in memory at a time. A shard that gives validation too few tokens by the share alone tops it up from its
/// last documents (<see cref="TokenizeOptions.MinValidationTokens"/>). Knows nothing of the bus or the object store.
/// </summary>
public sealed class TokenizeStage : IShardStage<TokenizedDocument>
{
    /// <summary>The stage's name in keys, footers and logs.</summary>
    public const string StageName = "tokenize";

    /// <summary>The reason given to a document with no text.</summary>
    public const string EmptyTextReason = "empty-text";

    /// <summary>The reason given to a second document with an id already seen in the same input.</summary>
    public const string DuplicateIdReason = "duplicate-id";

    /// <summary>The counter of UTF-8 text bytes tokenized.</summary>
    public const string TextBytesCounter = "text-bytes";

    /// <summary>The counter of documents the validation top-up moved from train to validation.</summary>
    public const string ValidationTopUpCounter = "validation-top-up";

    private const int MaxBatchDocuments = 4096;
    private readonly TokenizeOptions options;
    private readonly TrainValidationSplit split;
    private readonly int parallelism;

    /// <summary>Creates the stage for one tokenizer and one configuration.</summary>
    public TokenizeStage(BpeTokenizer tokenizer, TokenizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.FindProblems().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        if (tokenizer.EndOfTextToken < 0)
        {
            throw new ArgumentException($"Tokenizer {tokenizer.Name} ({tokenizer.Id}) has no <|endoftext|> token to separate documents with.", nameof(tokenizer));
        }

        Tokenizer = tokenizer;
        this.options = options;
        split = new TrainValidationSplit(options.ValidationFraction);
        parallelism = options.Parallelism > 0 ? options.Parallelism : Environment.ProcessorCount;
        ConfigHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture, $"tokenize/1;tokenizer={tokenizer.Id};validation={options.ValidationFraction:R};shard-tokens={options.ShardTokens}{TopUpDescription(options)}"))));
    }

    /// <summary>The tokenizer.</summary>
    public BpeTokenizer Tokenizer { get; }

    /// <inheritdoc />
    public string Name => StageName;

    /// <summary>SHA-256 of what decides the output bytes: the tokenizer, the validation fraction and the shard size.</summary>
    public string ConfigHash { get; }

    /// <inheritdoc />
    public async Task<StageStatistics> RunAsync(string inputKey, IEnumerable<Document> documents, IStageSink<TokenizedDocument> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(sink);
        var held = new ValidationTopUp(options.MinValidationTokens, options.ValidationTopUpShare, sink);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<Document>(MaxBatchDocuments);
        var tokens = new int[MaxBatchDocuments][];
        var textBytes = 0L;
        var batchChars = 0L;
        foreach (var document in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (document.Text.Length == 0)
            {
                await sink.RejectAsync(document, new Rejection(EmptyTextReason, "the document has no text"), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!seen.Add(document.Id))
            {
                await sink.RejectAsync(document, new Rejection(DuplicateIdReason, "another document of the same shard has this id"), cancellationToken).ConfigureAwait(false);
                continue;
            }

            batch.Add(document);
            batchChars += document.Text.Length;
            textBytes += Encoding.UTF8.GetByteCount(document.Text);
            if (batch.Count == MaxBatchDocuments || batchChars * sizeof(char) >= options.BatchBytes)
            {
                await FlushAsync(batch, tokens, held, cancellationToken).ConfigureAwait(false);
                batchChars = 0;
            }
        }

        await FlushAsync(batch, tokens, held, cancellationToken).ConfigureAwait(false);
        var moved = await held.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return new StageStatistics().Add(TextBytesCounter, textBytes).Add(ValidationTopUpCounter, moved);
    }

    private static string TopUpDescription(TokenizeOptions options) =>
        options.MinValidationTokens == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $";min-validation={options.MinValidationTokens};top-up-share={options.ValidationTopUpShare:R}");

    private async Task FlushAsync(List<Document> batch, int[][] tokens, ValidationTopUp sink, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        Parallel.For(
            0,
            batch.Count,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            i => tokens[i] = Tokenizer.EncodeOrdinary(batch[i].Text));
        for (var i = 0; i < batch.Count; i++)
        {
            await sink.AddAsync(new TokenizedDocument(batch[i].Id, split.Assign(batch[i].Id), tokens[i]), cancellationToken).ConfigureAwait(false);
            tokens[i] = null!;
        }

        batch.Clear();
    }
}
