namespace Sluice.Documents;

/// <summary>What a finished shard holds.</summary>
public enum ShardKind
{
    /// <summary>Document rows (<see cref="Document"/>).</summary>
    Documents,

    /// <summary>Rejected rows (<see cref="RejectedRecord"/>) of one reason.</summary>
    Rejected,
}
