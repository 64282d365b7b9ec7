namespace Sluice.Tokenizer.Shards;

/// <summary>Which part of the data a token shard belongs to; stored in the shard header.</summary>
public enum TokenSplit
{
    /// <summary>Training data.</summary>
    Train = 0,

    /// <summary>Held-out validation data.</summary>
    Validation = 1,

    /// <summary>Not split (e.g. a shard written for inspection or evaluation only).</summary>
    Unsplit = 2,
}
