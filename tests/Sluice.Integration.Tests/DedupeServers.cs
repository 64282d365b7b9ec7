namespace Sluice.Integration.Tests;

/// <summary>The pipeline servers, for dedupe workers sharing a PostgreSQL index.</summary>
public sealed class DedupeServers() : PipelineServers(null)
{
    /// <summary>
    /// Settings for a dedupe worker using a PostgreSQL index in a schema of its own (<paramref name="schema"/>) and round
    /// jobs in PostgreSQL beside it (<c>&lt;schema&gt;_jobs</c>), with a short settle time and lease.
    /// </summary>
    public Dictionary<string, string?> DedupeSettings(string schema, int concurrentMessages)
    {
        var settings = Loopback.ServiceSettings();
        settings["DedupeIndex:Kind"] = "Postgres";
        settings["DedupeIndex:Postgres:ConnectionString"] = Postgres.ConnectionString;
        settings["DedupeIndex:Postgres:Schema"] = schema;
        settings["Dedupe:SettleSeconds"] = "1";
        settings["Jobs:Store"] = "Postgres";
        settings["Jobs:ConnectionString"] = Postgres.ConnectionString;
        settings["Jobs:Schema"] = schema + "_jobs";
        settings["Jobs:LeaseSeconds"] = "3";
        settings["Jobs:PollMilliseconds"] = "200";
        settings["Bus:ConcurrentMessageLimit"] = concurrentMessages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Bus:PrefetchCount"] = concurrentMessages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }
}
