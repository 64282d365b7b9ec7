namespace Sluice.Hosting;

/// <summary>The keys the two object stores are registered under (resolve with <c>[FromKeyedServices(ObjectStoreNames.Lake)]</c>).</summary>
public static class ObjectStoreNames
{
    /// <summary>The lake: shards, quarantine, tokenizers, checkpoints, evaluations, and each stage's own state.</summary>
    public const string Lake = "lake";

    /// <summary>Where users drop raw files.</summary>
    public const string Drop = "drop";
}
