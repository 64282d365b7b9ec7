using System.Text;
using Sluice.Documents;

namespace Sluice.Stages;

/// <summary>The sink the runner gives a stage: kept outputs to the stage's output, rejections to their reason's shards, both counted.</summary>
internal sealed class RunnerSink<TOutput, TResult>(
    string stage,
    IStageOutput<TOutput, TResult> output,
    RejectedShardWriter rejected,
    InputShardDocuments input) : IStageSink<TOutput>
{
    private readonly SortedDictionary<string, long> removed = new(StringComparer.Ordinal);

    public long Kept { get; private set; }

    /// <summary>UTF-8 bytes of the text of the documents kept (zero for outputs that are not documents).</summary>
    public long KeptTextBytes { get; private set; }

    public IReadOnlyDictionary<string, long> RemovedByReason => removed;

    public long Removed => removed.Values.Sum();

    public ValueTask KeepAsync(TOutput kept, CancellationToken cancellationToken)
    {
        Kept++;
        if (kept is Document document)
        {
            KeptTextBytes += Encoding.UTF8.GetByteCount(document.Text);
        }

        return output.WriteAsync(kept, cancellationToken);
    }

    public ValueTask RejectAsync(Document document, Rejection rejection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(rejection);
        removed[rejection.Reason] = removed.GetValueOrDefault(rejection.Reason) + 1;
        return rejected.WriteAsync(
            new RejectedRecord(
                document.Id,
                stage,
                rejection.Reason,
                rejection.Detail,
                document.Source,
                input.Locate(document),
                document.Text,
                rejection.Metadata ?? document.Metadata,
                document.ContentHash,
                Encoding.UTF8.GetByteCount(document.Text)),
            cancellationToken);
    }
}
