namespace Sluice.Dedupe;

/// <summary>Counts for one shard.</summary>
/// <param name="Input">Documents in.</param>
/// <param name="Kept">Documents kept.</param>
/// <param name="Exact">Documents removed as exact duplicates.</param>
/// <param name="Near">Documents removed as near duplicates.</param>
/// <param name="Boilerplate">Documents removed because nothing but boilerplate was left.</param>
/// <param name="BoilerplateSegmentsRemoved">Lines or paragraphs removed as boilerplate, over all documents.</param>
public sealed record DedupeShardStats(int Input, int Kept, int Exact, int Near, int Boilerplate, int BoilerplateSegmentsRemoved);
