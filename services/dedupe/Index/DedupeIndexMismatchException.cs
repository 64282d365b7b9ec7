namespace Sluice.Dedupe.Index;

/// <summary>A persisted index was built with different dedupe settings than the ones it is opened with.</summary>
public sealed class DedupeIndexMismatchException(string source, string stored, string requested)
    : Exception($"Dedupe index {source} was built with settings '{stored}' but is opened with '{requested}'; use a new index (or the original settings).")
{
    /// <summary>The settings recorded in the index.</summary>
    public string StoredConfiguration { get; } = stored;

    /// <summary>The settings it was opened with.</summary>
    public string RequestedConfiguration { get; } = requested;
}
