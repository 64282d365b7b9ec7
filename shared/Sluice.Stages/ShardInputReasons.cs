namespace Sluice.Stages;

/// <summary>Why the runner refused a whole input shard: the folder of its quarantine record under <c>rejected/&lt;stage&gt;/</c>.</summary>
public static class ShardInputReasons
{
    /// <summary>The lake holds other bytes than the message's SHA-256 and size, or another document count.</summary>
    public const string Integrity = "integrity";

    /// <summary>The bytes match but are not a document shard the stage can read.</summary>
    public const string Unreadable = "unreadable-shard";

    /// <summary>The message names an object the lake no longer holds.</summary>
    public const string Missing = "missing-input";
}
