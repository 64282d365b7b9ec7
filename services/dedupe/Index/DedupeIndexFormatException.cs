namespace Sluice.Dedupe.Index;

/// <summary>A persisted in-process index could not be read: truncated, corrupted or not an index at all.</summary>
public sealed class DedupeIndexFormatException(string source, string problem)
    : Exception($"Dedupe index {source} is unreadable: {problem}.")
{
    /// <summary>The file or object the index was read from.</summary>
    public string IndexSource { get; } = source;
}
