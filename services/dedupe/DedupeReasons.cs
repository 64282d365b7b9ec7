namespace Sluice.Dedupe;

/// <summary>Why dedupe removed a document: the folder under <c>rejected/dedupe/</c> and the key in <c>Deduplicated.RemovedByReason</c>.</summary>
internal static class DedupeReasons
{
    public const string Exact = "exact";
    public const string Near = "near";
    public const string Boilerplate = "boilerplate";

    /// <summary>A whole shard refused: one of its document ids was decided before with other content.</summary>
    public const string IdConflict = "id-conflict";

    /// <summary>A whole shard refused: the stage failed on it in a way that cannot heal (the record names the error).</summary>
    public const string Failed = "failed";
}
