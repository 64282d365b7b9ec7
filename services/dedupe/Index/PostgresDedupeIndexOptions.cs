using System.Text.RegularExpressions;

namespace Sluice.Dedupe.Index;

/// <summary>Where and how the PostgreSQL dedupe index lives.</summary>
public sealed partial class PostgresDedupeIndexOptions
{
    /// <summary>Npgsql connection string (for example <c>Host=127.0.0.1;Port=5432;Username=sluice;Database=sluice</c>). Required; no default.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The schema holding the index tables; one schema per index. Default: <c>sluice_dedupe</c>.</summary>
    public string Schema { get; set; } = "sluice_dedupe";

    /// <summary>
    /// How many times a batch is retried when PostgreSQL aborts it to keep concurrent replicas serializable
    /// (serialization failure, deadlock, or a unique key taken by a concurrent batch). Default: 100.
    /// </summary>
    public int MaxAttempts { get; set; } = 100;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("The PostgreSQL dedupe index needs a connection string.", nameof(ConnectionString));
        }

        if (!SchemaName().IsMatch(Schema ?? string.Empty))
        {
            throw new ArgumentException($"Schema '{Schema}' is not a plain lower-case identifier ([a-z_][a-z0-9_]*, at most 63 characters).", nameof(Schema));
        }

        if (MaxAttempts is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "Max attempts must be between 1 and 10000.");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
