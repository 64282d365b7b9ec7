namespace Sluice.Integration.Tests;

/// <summary>The pipeline servers, for dedupe workers sharing a PostgreSQL index.</summary>
public sealed class DedupeServers() : PipelineServers(null)
{
    /// <summary>Settings for a dedupe worker using a PostgreSQL index in a schema of its own (<paramref name="schema"/>).</summary>
    public Dictionary<string, string?> DedupeSettings(string schema, int concurrentMessages)
    {
        var settings = Loopback.ServiceSettings();
        settings["DedupeIndex:Kind"] = "Postgres";
        settings["DedupeIndex:Postgres:ConnectionString"] = Postgres.ConnectionString;
        settings["DedupeIndex:Postgres:Schema"] = schema;
        settings["Bus:ConcurrentMessageLimit"] = concurrentMessages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Bus:PrefetchCount"] = concurrentMessages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }
}
