namespace Sluice.Tokenize.Worker;

/// <summary>The content of <c>state/tokenize/tokenizer-policies/&lt;policy-hash&gt;.json</c>: the tokenizer a policy froze.</summary>
internal sealed record PolicyPointer(string PolicyHash, string TokenizerId);
