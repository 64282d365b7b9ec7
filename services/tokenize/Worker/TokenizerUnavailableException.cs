namespace Sluice.Tokenize.Worker;

/// <summary>The policy's tokenizer could not be had: its training failed, or it was not frozen in time.</summary>
public sealed class TokenizerUnavailableException(string policyHash, string reason)
    : Exception($"No tokenizer for policy {policyHash}: {reason}")
{
    /// <summary>The tokenizer policy's hash.</summary>
    public string PolicyHash { get; } = policyHash;

    /// <summary>Why.</summary>
    public string Reason { get; } = reason;
}
