using Sluice.Contracts;

namespace Sluice.Tokenize.Worker;

/// <summary>The token shards of one input, both splits, written and verified in the lake.</summary>
/// <param name="Train">The training split.</param>
/// <param name="Validation">The validation split.</param>
public sealed record TokenSplits(TokenSplitOutput Train, TokenSplitOutput Validation);
