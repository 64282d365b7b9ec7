namespace Sluice.Hosting.Jobs;

/// <summary>Where jobs are kept and how leases work, bound from the <c>Jobs</c> section (environment: <c>Jobs__Store</c>, …).</summary>
public sealed class JobOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Jobs";

    /// <summary><see cref="JobStoreKind.InProcess"/> (one process) or <see cref="JobStoreKind.Postgres"/> (replicas). Default InProcess.</summary>
    public JobStoreKind Store { get; set; } = JobStoreKind.InProcess;

    /// <summary>For Postgres: the Npgsql connection string. Required then; no default.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>For Postgres: the schema holding the job tables. Default <c>sluice_jobs</c>.</summary>
    public string Schema { get; set; } = "sluice_jobs";

    /// <summary>
    /// How long a lease lasts without renewal, in seconds: how soon another replica takes over a job whose holder died.
    /// The holder renews every third of it. Default 30; 2 to 3600.
    /// </summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often an idle runner looks for a claimable job, in milliseconds. Default 1000; 50 to 60000.</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>The lease duration.</summary>
    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <inheritdoc />
    public IEnumerable<string> FindProblems()
    {
        if (!Enum.IsDefined(Store))
        {
            yield return $"Jobs:Store '{Store}' is not InProcess or Postgres";
        }

        if (Store == JobStoreKind.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return "Jobs:ConnectionString is required when Jobs:Store is Postgres";
        }

        if (Schema.Length == 0 || !(char.IsAsciiLetterLower(Schema[0]) || Schema[0] == '_') || !Schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            yield return $"Jobs:Schema '{Schema}' is not a lower-case SQL identifier";
        }

        if (LeaseSeconds is < 2 or > 3600)
        {
            yield return $"Jobs:LeaseSeconds {LeaseSeconds} is not between 2 and 3600";
        }

        if (PollMilliseconds is < 50 or > 60_000)
        {
            yield return $"Jobs:PollMilliseconds {PollMilliseconds} is not between 50 and 60000";
        }
    }
}
