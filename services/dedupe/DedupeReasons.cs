namespace Sluice.Dedupe;

/// <summary>Why dedupe removed a document: the folder under <c>rejected/dedupe/</c> and the key in <c>Deduplicated.RemovedByReason</c>.</summary>
internal static class DedupeReasons
{
    public const string Exact = "exact";
    public const string Near = "near";
    public const string Boilerplate = "boilerplate";
}
