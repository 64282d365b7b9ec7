namespace Sluice.Documents;

/// <summary>
/// The lake's object keys (relative to the lake root), derived only from content hashes and configuration hashes so a
/// re-run writes the same keys.
/// </summary>
public static class LakeKeys
{
    /// <summary>The prefix holding every raw document shard of one source object: <c>docs/raw/&lt;source-hash&gt;/</c>.</summary>
    public static string RawDocumentsPrefix(string sourceHash)
    {
        RequireHex(sourceHash, nameof(sourceHash));
        return $"docs/raw/{sourceHash}/";
    }

    /// <summary>A raw document shard: <c>docs/raw/&lt;source-hash&gt;/&lt;config-hash[..16]&gt;-&lt;part:00000&gt;.parquet</c>.</summary>
    public static string RawDocuments(string sourceHash, string configHash, int part)
    {
        RequireHex(configHash, nameof(configHash));
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        return $"{RawDocumentsPrefix(sourceHash)}{configHash[..Math.Min(16, configHash.Length)]}-{part:D5}.parquet";
    }

    /// <summary>
    /// A rejected-records shard: <c>rejected/&lt;stage&gt;/&lt;reason&gt;/&lt;input-hash[..32]&gt;-&lt;config-hash[..16]&gt;-&lt;part:00000&gt;.parquet</c>,
    /// where the input hash is the source object's (ingest) or the input shard's (later stages).
    /// </summary>
    public static string Rejected(string stage, string reason, string inputHash, string configHash, int part)
    {
        RequireSegment(stage, nameof(stage));
        RequireSegment(reason, nameof(reason));
        RequireHex(inputHash, nameof(inputHash));
        RequireHex(configHash, nameof(configHash));
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        return $"rejected/{stage}/{reason}/{inputHash[..Math.Min(32, inputHash.Length)]}-{configHash[..Math.Min(16, configHash.Length)]}-{part:D5}.parquet";
    }

    private static void RequireHex(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                throw new ArgumentException($"'{value}' is not a lower-case hex hash.", name);
            }
        }
    }

    private static void RequireSegment(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                throw new ArgumentException($"'{value}' is not a kebab-case key segment (a-z, 0-9, '-').", name);
            }
        }
    }
}
