using System.Globalization;

namespace Sluice.Documents;

/// <summary>The key-value metadata in every document and rejected shard's Parquet footer, written and read back.</summary>
/// <param name="SchemaVersion">The shard schema version (<see cref="ShardLineage.SchemaVersion"/>).</param>
/// <param name="Kind">Documents or rejected records.</param>
/// <param name="Reason">For rejected shards, the reason of every row.</param>
/// <param name="Lineage">Stage, source key, source hash and stage config hash.</param>
public sealed record ShardFooter(int SchemaVersion, ShardKind Kind, string? Reason, ShardLineage Lineage)
{
    /// <summary>Footer key of the schema version.</summary>
    public const string SchemaVersionKey = "sluice.schema_version";

    /// <summary>Footer key of the shard kind (<c>documents</c> or <c>rejected</c>).</summary>
    public const string KindKey = "sluice.kind";

    /// <summary>Footer key of the rejection reason.</summary>
    public const string ReasonKey = "sluice.reason";

    /// <summary>Footer key of the writing stage.</summary>
    public const string StageKey = "sluice.stage";

    /// <summary>Footer key of the source object's key.</summary>
    public const string SourceKeyKey = "sluice.source_key";

    /// <summary>Footer key of the source object's SHA-256.</summary>
    public const string SourceHashKey = "sluice.source_hash";

    /// <summary>Footer key of the writing stage's configuration hash.</summary>
    public const string ConfigHashKey = "sluice.config_hash";

    /// <summary>The footer entries for a shard.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Write(ShardLineage lineage, ShardKind kind, string? reason)
    {
        var entries = new List<KeyValuePair<string, string>>
        {
            new(SchemaVersionKey, ShardLineage.SchemaVersion.ToString(CultureInfo.InvariantCulture)),
            new(KindKey, kind == ShardKind.Documents ? "documents" : "rejected"),
            new(StageKey, lineage.Stage),
            new(SourceKeyKey, lineage.SourceKey),
            new(SourceHashKey, lineage.SourceHash),
            new(ConfigHashKey, lineage.ConfigHash),
        };
        if (reason is not null)
        {
            entries.Add(new(ReasonKey, reason));
        }

        return entries;
    }

    /// <summary>Reads the footer entries back; throws <see cref="InvalidDataException"/> naming the missing or bad entry.</summary>
    public static ShardFooter Read(IReadOnlyDictionary<string, string> metadata, string what)
    {
        string Required(string key) => metadata.TryGetValue(key, out var value)
            ? value
            : throw new InvalidDataException($"{what} is not a Sluice shard: its footer has no '{key}' entry");

        if (!int.TryParse(Required(SchemaVersionKey), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidDataException($"{what}: footer entry '{SchemaVersionKey}' is not a number");
        }

        if (version != ShardLineage.SchemaVersion)
        {
            throw new InvalidDataException($"{what} has shard schema version {version}; this build reads version {ShardLineage.SchemaVersion}");
        }

        var kind = Required(KindKey) switch
        {
            "documents" => ShardKind.Documents,
            "rejected" => ShardKind.Rejected,
            var other => throw new InvalidDataException($"{what}: footer entry '{KindKey}' is '{other}', not 'documents' or 'rejected'"),
        };
        var lineage = new ShardLineage(Required(StageKey), Required(SourceKeyKey), Required(SourceHashKey), Required(ConfigHashKey));
        return new ShardFooter(version, kind, metadata.GetValueOrDefault(ReasonKey), lineage);
    }
}
