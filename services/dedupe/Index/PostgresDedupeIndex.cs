using System.Buffers.Binary;
using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Sluice.Dedupe.Index;

/// <summary>
/// The dedupe index in PostgreSQL, shared by every dedupe replica. Each batch runs in one SERIALIZABLE transaction:
/// it reads the rows its documents can touch (remembered decisions, exact keys, LSH band members and their signatures),
/// decides, and writes. PostgreSQL's serializable snapshot isolation aborts one of two batches whose reads and writes
/// overlap (two replicas racing on near-duplicates), and the aborted batch is retried against the winner's rows, so
/// the outcome always equals some one-at-a-time order. Primary keys back this up: one owner per exact hash, one
/// decision per document id.
/// </summary>
public sealed class PostgresDedupeIndex : IDedupeIndex
{
    private readonly NpgsqlDataSource dataSource;
    private readonly PostgresDedupeIndexOptions options;
    private readonly ClaimResolver resolver;
    private readonly string schema;
    private long retries;

    private PostgresDedupeIndex(NpgsqlDataSource dataSource, PostgresDedupeIndexOptions options, DedupeOptions dedupeOptions)
    {
        this.dataSource = dataSource;
        this.options = options;
        schema = options.Schema;
        resolver = ClaimResolver.For(dedupeOptions);
        Configuration = dedupeOptions.IndexConfiguration();
    }

    /// <inheritdoc />
    public string Configuration { get; }

    /// <summary>Batches retried because a concurrent batch conflicted with them, since this instance was opened.</summary>
    public long Retries => Interlocked.Read(ref retries);

    /// <summary>
    /// Connects, creates the schema and tables when missing (safe when several replicas start at once), and checks that
    /// the index was built with the same settings.
    /// </summary>
    /// <exception cref="DedupeIndexMismatchException">The schema holds an index built with other settings.</exception>
    public static async Task<PostgresDedupeIndex> OpenAsync(PostgresDedupeIndexOptions indexOptions, DedupeOptions dedupeOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(indexOptions);
        ArgumentNullException.ThrowIfNull(dedupeOptions);
        indexOptions.Validate();
        dedupeOptions.Validate();
        var dataSource = NpgsqlDataSource.Create(indexOptions.ConnectionString);
        var index = new PostgresDedupeIndex(dataSource, indexOptions, dedupeOptions);
        try
        {
            await index.CreateSchemaAsync(cancellationToken).ConfigureAwait(false);
            return index;
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DedupeDecision>> ClaimDocumentsAsync(string shardKey, IReadOnlyList<DocumentFingerprint> documents, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(shardKey);
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return [];
        }

        return await WithRetriesAsync(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
            var view = await PrefetchAsync(connection, transaction, documents, cancellationToken).ConfigureAwait(false);
            var (decisions, writes) = resolver.Resolve(shardKey, documents, view);
            if (!writes.IsEmpty)
            {
                await WriteAsync(connection, writes, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return decisions;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string[]>> ClaimSegmentsAsync(IReadOnlyList<SegmentClaim> claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var hashes = new List<long>();
        var owners = new List<string>();
        var order = new List<int>();
        foreach (var claim in claims)
        {
            foreach (var hash in claim.SegmentHashes)
            {
                hashes.Add(unchecked((long)hash));
                owners.Add(claim.DocumentId);
                order.Add(order.Count);
            }
        }

        if (hashes.Count == 0)
        {
            return claims.Select(_ => Array.Empty<string>()).ToList();
        }

        var firstSeen = await WithRetriesAsync(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

            // Rows go in in key order (ties by document order), so concurrent claims take row locks in one order.
            await using (var insert = new NpgsqlCommand(
                $"INSERT INTO {schema}.segments (segment_hash, doc_id) " +
                "SELECT h, d FROM unnest(@h::bigint[], @d::text[], @o::int[]) AS t(h, d, o) ORDER BY h, o ON CONFLICT DO NOTHING", connection))
            {
                insert.Parameters.AddWithValue("h", hashes.ToArray());
                insert.Parameters.AddWithValue("d", owners.ToArray());
                insert.Parameters.AddWithValue("o", order.ToArray());
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var found = new Dictionary<long, string>();
            await using var select = new NpgsqlCommand($"SELECT segment_hash, doc_id FROM {schema}.segments WHERE segment_hash = ANY(@h)", connection);
            select.Parameters.AddWithValue("h", hashes.Distinct().ToArray());
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found[reader.GetInt64(0)] = reader.GetString(1);
            }

            return found;
        }, cancellationToken).ConfigureAwait(false);

        return claims
            .Select(claim => claim.SegmentHashes.Select(hash => firstSeen[unchecked((long)hash)]).ToArray())
            .ToList();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private async Task<T> WithRetriesAsync<T>(Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (PostgresException e) when (IsConflict(e) && tries < options.MaxAttempts)
            {
                Interlocked.Increment(ref retries);

                // Randomized, growing back-off so the replicas that collided do not collide again in lockstep.
                var ceiling = Math.Min(200, 5 * tries);
                await Task.Delay(Random.Shared.Next(1, ceiling + 1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsConflict(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation;

    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        string[] statements =
        [
            // Replicas starting together would race on CREATE ... IF NOT EXISTS; one lock per schema name orders them.
            $"SELECT pg_advisory_xact_lock(hashtext('sluice-dedupe-schema:{schema}'))",
            $"CREATE SCHEMA IF NOT EXISTS {schema}",
            $"CREATE TABLE IF NOT EXISTS {schema}.meta (name text PRIMARY KEY, value text NOT NULL)",
            $"CREATE TABLE IF NOT EXISTS {schema}.decisions (doc_id text PRIMARY KEY, shard_key text NOT NULL, content_hash uuid NOT NULL, verdict smallint NOT NULL, duplicate_of text, similarity double precision NOT NULL)",
            $"CREATE TABLE IF NOT EXISTS {schema}.exact_keys (content_hash uuid PRIMARY KEY, doc_id text NOT NULL)",
            $"CREATE TABLE IF NOT EXISTS {schema}.band_keys (band_key bigint NOT NULL, doc_id text NOT NULL, PRIMARY KEY (band_key, doc_id))",
            $"CREATE TABLE IF NOT EXISTS {schema}.kept (doc_id text PRIMARY KEY, signature bytea NOT NULL, shingles bytea)",
            $"CREATE TABLE IF NOT EXISTS {schema}.segments (segment_hash bigint PRIMARY KEY, doc_id text NOT NULL)",
        ];
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var insert = new NpgsqlCommand($"INSERT INTO {schema}.meta (name, value) VALUES ('configuration', @c) ON CONFLICT DO NOTHING", connection, transaction))
        {
            insert.Parameters.AddWithValue("c", Configuration);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var select = new NpgsqlCommand($"SELECT value FROM {schema}.meta WHERE name = 'configuration'", connection, transaction))
        {
            var stored = (string)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            if (stored != Configuration)
            {
                throw new DedupeIndexMismatchException($"PostgreSQL schema '{schema}'", stored, Configuration);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<PrefetchedIndexView> PrefetchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<DocumentFingerprint> documents, CancellationToken cancellationToken)
    {
        var view = new PrefetchedIndexView();
        var ids = documents.Select(d => d.DocumentId).Distinct(StringComparer.Ordinal).ToArray();
        var hashes = documents.Select(d => ToGuid(d.ContentHash)).Distinct().ToArray();
        var bandKeys = documents.SelectMany(d => d.BandKeys).Distinct().Select(k => unchecked((long)k)).ToArray();

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(Command($"SELECT doc_id, shard_key, content_hash, verdict, duplicate_of, similarity FROM {schema}.decisions WHERE doc_id = ANY($1)", ids));
            batch.BatchCommands.Add(Command($"SELECT content_hash, doc_id FROM {schema}.exact_keys WHERE content_hash = ANY($1)", hashes));
            batch.BatchCommands.Add(Command($"SELECT band_key, doc_id FROM {schema}.band_keys WHERE band_key = ANY($1)", bandKeys));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                var decision = new DedupeDecision(id, (DedupeVerdict)reader.GetInt16(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetDouble(5));
                view.Decisions[id] = new StoredDecision(reader.GetString(1), FromGuid(reader.GetGuid(2)), decision);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                view.ExactKeys[FromGuid(reader.GetGuid(0))] = reader.GetString(1);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = unchecked((ulong)reader.GetInt64(0));
                if (!view.Bands.TryGetValue(key, out var members))
                {
                    view.Bands[key] = members = [];
                }

                members.Add(reader.GetString(1));
            }
        }

        var candidates = view.Bands.Values.SelectMany(m => m).Distinct(StringComparer.Ordinal).ToArray();
        if (candidates.Length > 0)
        {
            await using var command = new NpgsqlCommand($"SELECT doc_id, signature, shingles FROM {schema}.kept WHERE doc_id = ANY($1)", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = candidates });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                view.KeptDocuments[id] = new KeptDocument(id, ToValues(reader.GetFieldValue<byte[]>(1)), reader.IsDBNull(2) ? null : ToValues(reader.GetFieldValue<byte[]>(2)));
            }
        }

        return view;
    }

    private async Task WriteAsync(NpgsqlConnection connection, ClaimWrites writes, CancellationToken cancellationToken)
    {
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY {schema}.decisions (doc_id, shard_key, content_hash, verdict, duplicate_of, similarity) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var (id, stored) in writes.Decisions)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(stored.ShardKey, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(ToGuid(stored.ContentHash), NpgsqlDbType.Uuid, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync((short)stored.Decision.Verdict, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                if (stored.Decision.DuplicateOf is null)
                {
                    await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await copy.WriteAsync(stored.Decision.DuplicateOf, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }

                await copy.WriteAsync(stored.Decision.Similarity, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY {schema}.exact_keys (content_hash, doc_id) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var (hash, id) in writes.ExactKeys)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(ToGuid(hash), NpgsqlDbType.Uuid, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (writes.BandRows.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                $"COPY {schema}.band_keys (band_key, doc_id) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            foreach (var (key, id) in writes.BandRows.Distinct())
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(unchecked((long)key), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (writes.Kept.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                $"COPY {schema}.kept (doc_id, signature, shingles) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            foreach (var (id, kept) in writes.Kept)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(ToBytes(kept.Signature), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                if (kept.ShingleSet is null)
                {
                    await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await copy.WriteAsync(ToBytes(kept.ShingleSet), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                }
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static NpgsqlBatchCommand Command<T>(string sql, T[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = values });
        return command;
    }

    private static Guid ToGuid(UInt128 hash)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, hash);
        return new Guid(bytes, bigEndian: true);
    }

    private static UInt128 FromGuid(Guid guid)
    {
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static byte[] ToBytes(uint[] values)
    {
        var bytes = new byte[values.Length * sizeof(uint)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)), values[i]);
        }

        return bytes;
    }

    private static uint[] ToValues(byte[] bytes)
    {
        var values = new uint[bytes.Length / sizeof(uint)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)));
        }

        return values;
    }
}
