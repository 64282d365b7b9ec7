using Sluice.Documents;

namespace Sluice.Dedupe.Worker;

/// <summary>
/// The dedupe stage's output keys, derived only from the input shard's hash and the stage configuration hash, so a
/// redelivered shard is written to the same keys with the same bytes.
/// </summary>
internal static class DedupeLakeKeys
{
    /// <summary>A deduplicated document shard: <c>docs/dedup/&lt;input-hash[..32]&gt;-&lt;config-hash[..16]&gt;-&lt;part:00000&gt;.parquet</c>.</summary>
    public static string Documents(string inputHash, string configHash, int part)
    {
        RequireHex(inputHash, nameof(inputHash));
        RequireHex(configHash, nameof(configHash));
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        return $"docs/dedup/{inputHash[..Math.Min(32, inputHash.Length)]}-{configHash[..Math.Min(16, configHash.Length)]}-{part:D5}.parquet";
    }

    /// <summary>A removed-documents shard: <c>rejected/dedupe/&lt;exact|near|boilerplate&gt;/…</c> (see <see cref="LakeKeys.Rejected"/>).</summary>
    public static string Rejected(string reason, string inputHash, string configHash, int part) =>
        LakeKeys.Rejected(DedupeProcessor.StageName, reason, inputHash, configHash, part);

    private static void RequireHex(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (!value.All(c => char.IsAsciiDigit(c) || char.IsAsciiHexDigitLower(c)))
        {
            throw new ArgumentException($"'{value}' is not a lower-case hex hash.", name);
        }
    }
}
