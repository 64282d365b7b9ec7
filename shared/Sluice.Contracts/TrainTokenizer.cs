namespace Sluice.Contracts;

/// <summary>
/// A tokenize worker asks for the pipeline's tokenizer to be trained from the cleaned text, because its tokenizer policy
/// says "train on the data" and no tokenizer has been frozen for that policy yet. Requests are handled one at a time
/// across all replicas; a request for a policy that already has its tokenizer does nothing.
/// </summary>
public sealed record TrainTokenizer
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>SHA-256 of the training policy (vocabulary size, sample size, pattern, special tokens, minimum frequency).</summary>
    public required string PolicyHash { get; init; }

    /// <summary>
    /// The request's id: a failed attempt is written under it (<c>state/tokenize/tokenizer-failures/&lt;policy-hash&gt;/&lt;id&gt;.txt</c>),
    /// so the worker that asked learns of its own attempt's failure and never of an older one.
    /// </summary>
    public required string RequestId { get; init; }

    /// <summary>Who asked, for the logs (host and process).</summary>
    public required string RequestedBy { get; init; }
}
