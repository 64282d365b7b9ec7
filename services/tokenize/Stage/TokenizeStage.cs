using Sluice.Documents;
using Sluice.Tokenizer;
using Sluice.Tokenizer.Shards;

namespace Sluice.Tokenize;

/// <summary>
/// Turns a stream of cleaned documents into token shards on local disk: each document becomes
/// <c>&lt;|endoftext|&gt;</c> and its tokens, in the train or validation split by its id, in shards of at most
/// <see cref="TokenizeOptions.ShardTokens"/> tokens. Documents are read in batches of about
/// <see cref="TokenizeOptions.BatchBytes"/> of text, tokenized in parallel, and written in input order, so the output
/// is the same bytes for any thread count and only one batch's tokens are in memory at a time. Knows nothing of the bus
/// or the object store: the worker, the embedded run, the tests and the benchmark all use it as it is.
/// </summary>
public sealed class TokenizeStage
{
    /// <summary>The reason given to a document with no text.</summary>
    public const string EmptyTextReason = "empty-text";

    /// <summary>The reason given to a second document with an id already seen in the same input.</summary>
    public const string DuplicateIdReason = "duplicate-id";

    private const int MaxBatchDocuments = 4096;
    private readonly BpeTokenizer tokenizer;
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

        this.tokenizer = tokenizer;
        this.options = options;
        split = new TrainValidationSplit(options.ValidationFraction);
        parallelism = options.Parallelism > 0 ? options.Parallelism : Environment.ProcessorCount;
    }

    /// <summary>
    /// Tokenizes <paramref name="documents"/> into shards whose token files are at <paramref name="pathFor"/>(split,
    /// part) (each ending in <c>.bin</c>; the document index goes beside it). Documents that cannot be tokenized are
    /// handed to <paramref name="skip"/> with their reason, never dropped unannounced.
    /// </summary>
    public TokenizeResult Run(IEnumerable<Document> documents, Func<TokenSplit, int, string> pathFor, Action<Document, string> skip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(pathFor);
        ArgumentNullException.ThrowIfNull(skip);
        var train = new SplitShardSeries(tokenizer, options, TokenSplit.Train, pathFor);
        var validation = new SplitShardSeries(tokenizer, options, TokenSplit.Validation, pathFor);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var skipped = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var batch = new List<Document>(MaxBatchDocuments);
        var tokens = new int[MaxBatchDocuments][];
        long textChars = 0;
        try
        {
            var batchChars = 0L;
            foreach (var document in documents)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string? reason = document.Text.Length == 0 ? EmptyTextReason : !seen.Add(document.Id) ? DuplicateIdReason : null;
                if (reason is not null)
                {
                    skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                    skip(document, reason);
                    continue;
                }

                batch.Add(document);
                batchChars += document.Text.Length;
                textChars += document.Text.Length;
                if (batch.Count == MaxBatchDocuments || batchChars * sizeof(char) >= options.BatchBytes)
                {
                    Flush(batch, tokens, train, validation, cancellationToken);
                    batchChars = 0;
                }
            }

            Flush(batch, tokens, train, validation, cancellationToken);
            return new TokenizeResult(train.Complete(), validation.Complete(), skipped, textChars);
        }
        finally
        {
            train.Dispose();
            validation.Dispose();
        }
    }

    private void Flush(List<Document> batch, int[][] tokens, SplitShardSeries train, SplitShardSeries validation, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        Parallel.For(
            0,
            batch.Count,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            i => tokens[i] = tokenizer.EncodeOrdinary(batch[i].Text));
        for (var i = 0; i < batch.Count; i++)
        {
            var target = split.Assign(batch[i].Id) == TokenSplit.Validation ? validation : train;
            target.Add(batch[i].Id, tokens[i]);
            tokens[i] = null!;
        }

        batch.Clear();
    }
}
