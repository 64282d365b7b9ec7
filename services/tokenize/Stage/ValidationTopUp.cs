using Sluice.Stages;
using Sluice.Tokenizer.Shards;

namespace Sluice.Tokenize;

/// <summary>
/// Passes tokenized documents on in order, holding back the most recent training documents (at most
/// <c>minimumTokens</c> of them, so memory stays bounded) until the shard ends. If the shard's validation split then
/// has fewer tokens than the minimum, the held-back documents with the lowest id hash position move to validation
/// until it has (capped at <c>maximumShare</c> of the shard's tokens, and never the shard's last training document);
/// the rest are written as training documents in their original order. The same input always gives the same split.
/// </summary>
internal sealed class ValidationTopUp(int minimumTokens, double maximumShare, IStageSink<TokenizedDocument> sink)
{
    private readonly Queue<TokenizedDocument> held = new();
    private long heldTokens;
    private long validationTokens;
    private long trainTokens;
    private long trainDocuments;

    public async ValueTask AddAsync(TokenizedDocument document, CancellationToken cancellationToken)
    {
        var length = document.Tokens.Length + 1L;
        if (document.Split == TokenSplit.Validation || minimumTokens == 0)
        {
            (document.Split == TokenSplit.Validation ? ref validationTokens : ref trainTokens) += length;
            trainDocuments += document.Split == TokenSplit.Train ? 1 : 0;
            await sink.KeepAsync(document, cancellationToken).ConfigureAwait(false);
            return;
        }

        trainTokens += length;
        trainDocuments++;
        held.Enqueue(document);
        heldTokens += length;
        while (held.Count > 1 && heldTokens - (held.Peek().Tokens.Length + 1L) >= minimumTokens)
        {
            var oldest = held.Dequeue();
            heldTokens -= oldest.Tokens.Length + 1L;
            await sink.KeepAsync(oldest, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the held-back documents (some of them moved to validation); returns how many moved.</summary>
    public async ValueTask<int> CompleteAsync(CancellationToken cancellationToken)
    {
        var target = (long)Math.Min(minimumTokens, maximumShare * (trainTokens + validationTokens));
        var moving = new HashSet<TokenizedDocument>(ReferenceEqualityComparer.Instance);
        foreach (var document in held.OrderBy(d => TrainValidationSplit.Position(d.Id)).ThenBy(d => d.Id, StringComparer.Ordinal))
        {
            if (validationTokens >= target || trainDocuments - moving.Count <= 1)
            {
                break;
            }

            moving.Add(document);
            validationTokens += document.Tokens.Length + 1L;
        }

        foreach (var document in held)
        {
            await sink.KeepAsync(moving.Contains(document) ? document with { Split = TokenSplit.Validation } : document, cancellationToken).ConfigureAwait(false);
        }

        held.Clear();
        return moving.Count;
    }
}
