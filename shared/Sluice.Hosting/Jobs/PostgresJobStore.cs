using Npgsql;
using NpgsqlTypes;

namespace Sluice.Hosting.Jobs;

/// <summary>
/// Jobs in PostgreSQL, shared by every replica: <c>&lt;schema&gt;.jobs</c> and <c>&lt;schema&gt;.job_waiters</c>. A claim
/// takes the oldest claimable row with <c>FOR UPDATE SKIP LOCKED</c>; lease times are the server's clock, so replicas
/// with drifting clocks agree on who holds a job. Every holder's write names its lease token, so a holder that lost its
/// lease changes nothing.
/// </summary>
public sealed class PostgresJobStore : IJobStore, IAsyncDisposable
{
    private const string Columns = "job_id, kind, payload, state, attempts, outcome, announced, lease_expires_at, created_at";
    private readonly NpgsqlDataSource dataSource;
    private readonly string schema;
    private readonly SemaphoreSlim createGate = new(1, 1);
    private volatile bool created;

    /// <summary>Uses the database <paramref name="options"/> name; the schema and tables are created on first use when missing (safe when replicas start at once).</summary>
    public PostgresJobStore(JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        schema = options.Schema;
    }

    /// <inheritdoc />
    public async Task<JobRecord> SubmitAsync(string jobId, string kind, string payload, JobResubmission resubmission, CancellationToken cancellationToken)
    {
        var restart = resubmission switch
        {
            JobResubmission.IfFailed => "jobs.state = 'failed'",
            JobResubmission.Always => "jobs.state IN ('failed', 'succeeded')",
            _ => "false",
        };
        var again = resubmission == JobResubmission.Always ? "jobs.again OR jobs.state = 'running'" : "jobs.again";
        var sql = $"""
            INSERT INTO {schema}.jobs AS jobs (job_id, kind, payload, state) VALUES (@id, @kind, @payload, 'queued')
            ON CONFLICT (job_id) DO UPDATE SET
              state = CASE WHEN {restart} THEN 'queued' ELSE jobs.state END,
              payload = CASE WHEN {restart} THEN EXCLUDED.payload ELSE jobs.payload END,
              outcome = CASE WHEN {restart} THEN NULL ELSE jobs.outcome END,
              announced = CASE WHEN {restart} THEN false ELSE jobs.announced END,
              holder = CASE WHEN {restart} THEN NULL ELSE jobs.holder END,
              lease_expires_at = CASE WHEN {restart} THEN NULL ELSE jobs.lease_expires_at END,
              again = {again}
            RETURNING {Columns}
            """;
        return (await QueryAsync(sql, cancellationToken, ("id", jobId), ("kind", kind), ("payload", payload)).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async Task<JobRecord?> WaitOnAsync(string jobId, JobWaiter waiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(waiter);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        JobRecord? job;
        // FOR SHARE waits for a finishing holder's update, so a waiter is never recorded after the waiters were read out.
        await using (var select = new NpgsqlCommand($"SELECT {Columns} FROM {schema}.jobs WHERE job_id = @id FOR SHARE", connection, transaction))
        {
            select.Parameters.AddWithValue("id", jobId);
            job = await ReadOneAsync(select, cancellationToken).ConfigureAwait(false);
        }

        if (job is not null && job.State != JobState.Succeeded)
        {
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO {schema}.job_waiters (job_id, waiter_key, payload) VALUES (@id, @key, @payload) ON CONFLICT (job_id, waiter_key) DO UPDATE SET payload = EXCLUDED.payload",
                connection, transaction);
            insert.Parameters.AddWithValue("id", jobId);
            insert.Parameters.AddWithValue("key", waiter.Key);
            insert.Parameters.AddWithValue("payload", waiter.Payload);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return job;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobWaiter>> WaitersAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT waiter_key, payload FROM {schema}.job_waiters WHERE job_id = @id ORDER BY waiter_key", connection);
        command.Parameters.AddWithValue("id", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var waiters = new List<JobWaiter>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            waiters.Add(new JobWaiter(reader.GetString(0), reader.GetString(1)));
        }

        return waiters;
    }

    /// <inheritdoc />
    public async Task RemoveWaiterAsync(string jobId, string waiterKey, CancellationToken cancellationToken) =>
        await ExecuteAsync($"DELETE FROM {schema}.job_waiters WHERE job_id = @id AND waiter_key = @key", cancellationToken, ("id", jobId), ("key", waiterKey)).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<JobLease?> ClaimAsync(IReadOnlyCollection<string> kinds, string token, TimeSpan lease, CancellationToken cancellationToken)
    {
        var sql = $"""
            UPDATE {schema}.jobs SET
              holder = @token,
              lease_expires_at = clock_timestamp() + @lease,
              attempts = CASE WHEN state IN ('queued', 'running') THEN attempts + 1 ELSE attempts END,
              state = CASE WHEN state = 'queued' THEN 'running' ELSE state END
            WHERE job_id = (
              SELECT job_id FROM {schema}.jobs
              WHERE kind = ANY(@kinds) AND (
                state = 'queued'
                OR (state = 'running' AND lease_expires_at < clock_timestamp())
                OR (state IN ('succeeded', 'failed') AND NOT announced AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())))
              ORDER BY created_at, job_id
              FOR UPDATE SKIP LOCKED
              LIMIT 1)
            RETURNING {Columns}
            """;
        var job = await QueryAsync(sql, cancellationToken, ("token", token), ("lease", lease), ("kinds", kinds.ToArray())).ConfigureAwait(false);
        return job is null ? null : new JobLease(job, token);
    }

    /// <inheritdoc />
    public async Task<bool> RenewAsync(JobLease lease, TimeSpan duration, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            $"UPDATE {schema}.jobs SET lease_expires_at = clock_timestamp() + @lease WHERE job_id = @id AND holder = @token AND state = 'running'",
            cancellationToken, ("lease", duration), ("id", lease.Job.JobId), ("token", lease.Token)).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task<bool> FinishAsync(JobLease lease, JobOutcome outcome, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            $"""
            UPDATE {schema}.jobs SET
              state = CASE WHEN again THEN 'queued' ELSE @state END,
              outcome = CASE WHEN again THEN outcome ELSE @outcome END,
              holder = CASE WHEN again THEN NULL ELSE holder END,
              lease_expires_at = CASE WHEN again THEN NULL ELSE lease_expires_at END,
              again = false
            WHERE job_id = @id AND holder = @token AND state = 'running'
            """,
            cancellationToken, ("state", outcome.Succeeded ? "succeeded" : "failed"), ("outcome", outcome.Detail), ("id", lease.Job.JobId), ("token", lease.Token)).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task MarkAnnouncedAsync(JobLease lease, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            $"UPDATE {schema}.jobs SET announced = true, holder = NULL, lease_expires_at = NULL WHERE job_id = @id AND holder = @token AND state IN ('succeeded', 'failed')",
            cancellationToken, ("id", lease.Job.JobId), ("token", lease.Token)).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task ReleaseAsync(JobLease lease, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            $"UPDATE {schema}.jobs SET state = 'queued', holder = NULL, lease_expires_at = NULL WHERE job_id = @id AND holder = @token AND state = 'running'",
            cancellationToken, ("id", lease.Job.JobId), ("token", lease.Token)).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM {schema}.jobs WHERE job_id = @id", cancellationToken, ("id", jobId));

    /// <inheritdoc />
    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.Delay(timeout, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await dataSource.DisposeAsync().ConfigureAwait(false);
        createGate.Dispose();
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!created)
        {
            await createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!created)
                {
                    await CreateTablesAsync(cancellationToken).ConfigureAwait(false);
                    created = true;
                }
            }
            finally
            {
                createGate.Release();
            }
        }

        return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CreateTablesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Replicas starting together would race on CREATE ... IF NOT EXISTS; one lock orders them.
        await using var command = new NpgsqlCommand(
            $"""
            SELECT pg_advisory_xact_lock(hashtext('sluice-jobs-schema'));
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.jobs (
              job_id text PRIMARY KEY,
              kind text NOT NULL,
              payload text NOT NULL,
              state text NOT NULL,
              attempts integer NOT NULL DEFAULT 0,
              outcome text,
              announced boolean NOT NULL DEFAULT false,
              again boolean NOT NULL DEFAULT false,
              holder text,
              lease_expires_at timestamptz,
              created_at timestamptz NOT NULL DEFAULT clock_timestamp());
            CREATE TABLE IF NOT EXISTS {schema}.job_waiters (
              job_id text NOT NULL REFERENCES {schema}.jobs (job_id) ON DELETE CASCADE,
              waiter_key text NOT NULL,
              payload text NOT NULL,
              PRIMARY KEY (job_id, waiter_key));
            """,
            connection,
            transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        Bind(command, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<JobRecord?> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        Bind(command, parameters);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static void Bind(NpgsqlCommand command, (string Name, object Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            if (value is TimeSpan span)
            {
                command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Interval) { Value = span });
            }
            else
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
    }

    private static async Task<JobRecord?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new JobRecord(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3) switch
            {
                "queued" => JobState.Queued,
                "running" => JobState.Running,
                "succeeded" => JobState.Succeeded,
                "failed" => JobState.Failed,
                var other => throw new InvalidDataException($"Job {reader.GetString(0)} has an unknown state '{other}'"),
            },
            reader.GetInt32(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetBoolean(6),
            reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
            reader.GetFieldValue<DateTimeOffset>(8));
    }
}
